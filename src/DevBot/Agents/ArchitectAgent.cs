using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>Plans a project, reviews each step, and writes the README.</summary>
public sealed class ArchitectAgent
{
    /// <summary>Characters of file content the README prompt may carry in all, and per file.</summary>
    private const int ReadmeFilesBudget = 24_000;
    private const int ReadmeFileShown = 3_000;

    public Task<AgentResult<ProjectPlan>> PlanAsync(IModelCaller calls, Project project, CancellationToken cancellationToken) =>
        StructuredAsk.AskAsync<ProjectPlan>(
            calls,
            new ModelRequest(AgentRoles.Planner, CallKey.Plan(), PromptSections.Messages(AgentRoles.Planner, new() { ["project"] = ProjectPromptModel.Of(project) }),
                StructuredSchemas.For<ProjectPlan>(ProjectPlan.SchemaName)),
            plan => plan.Problem(),
            cancellationToken);

    /// <summary>Plans a change of a delivered project: 1–10 tasks from the instruction, the files, retrieved code and the history.</summary>
    public Task<AgentResult<ProjectPlan>> PlanChangeAsync(IModelCaller calls, ChangePlanRequest change, CancellationToken cancellationToken) =>
        StructuredAsk.AskAsync<ProjectPlan>(
            calls,
            new ModelRequest(AgentRoles.ChangePlanner, CallKey.Plan(), PromptSections.Messages(AgentRoles.ChangePlanner, new()
            {
                ["project"] = ProjectPromptModel.Of(change.Project),
                ["instruction"] = change.Instruction,
                ["history"] = change.History,
                ["files"] = change.Files,
                ["named"] = change.Named,
                ["context"] = change.Context.Text.Length > 0 ? change.Context.Text : null,
            }), StructuredSchemas.For<ProjectPlan>(ProjectPlan.SchemaName), change.Context.Tokens),
            plan => plan.Problem() ?? (plan.Tasks.Count > ChangePlanRequest.MaxTasks
                ? $"A change has at most {ChangePlanRequest.MaxTasks} tasks; this plan has {plan.Tasks.Count}. Merge them."
                : null),
            cancellationToken);

    public Task<AgentResult<ReviewAnswer>> ReviewAsync(IModelCaller calls, StepReviewRequest step, CancellationToken cancellationToken) =>
        StructuredAsk.AskAsync<ReviewAnswer>(
            calls,
            new ModelRequest(AgentRoles.Reviewer, CallKey.Review(step.Task.Index, step.Attempt), PromptSections.Messages(AgentRoles.Reviewer, new()
            {
                ["projectAndPlan"] = PromptSections.ProjectAndPlan(step.Project, step.Tasks, step.Task),
                ["changed"] = step.ChangedPaths.Select(p => new FilePromptModel(p, step.Files[p])).ToList(),
                ["problems"] = step.Problems,
                ["explanation"] = string.IsNullOrWhiteSpace(step.Explanation) ? null : step.Explanation,
                ["checks"] = string.IsNullOrWhiteSpace(step.Checks) ? null : step.Checks,
                ["context"] = step.Context.Text.Length > 0 ? step.Context.Text : null,
            }), StructuredSchemas.For<ReviewAnswer>(ReviewAnswer.SchemaName), step.Context.Tokens),
            review => review.Problem(),
            cancellationToken);

    public async Task<AgentResult<string>> WriteReadmeAsync(
        IModelCaller calls, Project project, IReadOnlyList<ProjectTask> tasks, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var budget = ReadmeFilesBudget;
        var shown = new List<FilePromptModel>();
        foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var excerpt = content.Length <= ReadmeFileShown ? content : content[..ReadmeFileShown] + "\n…";
            var fits = budget - excerpt.Length >= 0;
            budget -= fits ? excerpt.Length : 0;
            shown.Add(new FilePromptModel(path, excerpt, fits));
        }

        var reply = await calls.AskAsync(
            new ModelRequest(AgentRoles.Documenter, CallKey.Readme(), PromptSections.Messages(AgentRoles.Documenter, new()
            {
                ["projectAndPlan"] = PromptSections.ProjectAndPlan(project, tasks, current: null),
                ["files"] = shown,
            }), Schema: null),
            cancellationToken);
        return reply switch
        {
            ModelReply.Answered answered => new AgentResult<string>.Done(UnwrapMarkdown(answered.Text)),
            ModelReply.Stopped stopped => new AgentResult<string>.Stopped(stopped.Stop),
            _ => throw new InvalidOperationException("Unknown model reply."),
        };
    }

    /// <summary>Models often wrap the whole README in a ```markdown fence; the file should not be.</summary>
    internal static string UnwrapMarkdown(string text)
    {
        var trimmed = text.Trim();
        var lines = MarkdownFences.SplitLines(trimmed);
        var blocks = MarkdownFences.Blocks(trimmed);
        if (blocks.Count == 0 || blocks[0].StartLine != 0)
        {
            return trimmed + "\n";
        }

        var info = blocks[0].Info.ToLowerInvariant();
        if (info is ("markdown" or "md") && lines.Length > 1 && ClosesFence(lines[0], lines[^1]))
        {
            // Declared Markdown: the README's own code blocks may close the outer fence early, so take
            // everything between the first and the last line.
            trimmed = string.Join('\n', lines[1..^1]).Trim();
        }
        else if (blocks.Count == 1 && info is ("" or "markdown" or "md") && blocks[0].EndLine >= lines.Length - 1)
        {
            trimmed = blocks[0].Body.Trim();
        }

        return trimmed + "\n";
    }

    private static bool ClosesFence(string opening, string candidate)
    {
        var fence = opening.TrimStart();
        var length = fence.TakeWhile(c => c == fence[0]).Count();
        var closing = candidate.Trim();
        return closing.Length >= length && closing.All(c => c == fence[0]);
    }
}

/// <param name="History">The earlier versions of the project, one line each (oldest first).</param>
/// <param name="Files">Every path of the current version (the text files), as a listing.</param>
/// <param name="Named">The files the user pointed the change at, whole.</param>
public sealed record ChangePlanRequest(
    Project Project,
    string Instruction,
    IReadOnlyList<string> History,
    IReadOnlyList<string> Files,
    IReadOnlyList<FilePromptModel> Named,
    CodeContext Context)
{
    public const int MaxTasks = 10;
}

public sealed record StepReviewRequest(
    Project Project,
    IReadOnlyList<ProjectTask> Tasks,
    ProjectTask Task,
    int Attempt,
    IReadOnlyList<string> ChangedPaths,
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyList<string> Problems,
    CodeContext Context,
    string? Checks = null,
    string? Explanation = null);
