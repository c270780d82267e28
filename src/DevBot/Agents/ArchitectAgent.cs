using System.Text;
using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>Plans a project, reviews each step, and writes the README.</summary>
public sealed class ArchitectAgent(LlmGateway gateway, StructuredAsk structured)
{
    public Task<ProjectPlan> PlanAsync(Project project, CancellationToken cancellationToken)
    {
        var request = new StringBuilder()
            .AppendLine("Project request:")
            .AppendLine(project.Description)
            .AppendLine()
            .Append("Language / stack: ").AppendLine(project.Stack ?? "your choice, whatever suits the request best");
        if (!project.TitleProvisional)
        {
            request.Append("Title chosen by the user: ").AppendLine(project.Title);
        }

        return structured.AskAsync<ProjectPlan>(
            new LlmCallContext(project.Id, project.UserId, "plan", LlmRole.Architect),
            [new(LlmMessageRole.System, AgentPrompts.Plan), new(LlmMessageRole.User, request.ToString())],
            new LlmJsonSchema("project_plan", ProjectPlan.JsonSchema),
            plan => plan.Problem(),
            cancellationToken);
    }

    public Task<ReviewVerdict> ReviewAsync(StepReviewRequest step, CancellationToken cancellationToken)
    {
        var prompt = new StringBuilder()
            .AppendLine(PromptSections.ProjectAndPlan(step.Project, step.Tasks, step.Task))
            .AppendLine("# The files written for this task");
        foreach (var path in step.ChangedPaths)
        {
            prompt.AppendLine().AppendLine(path).AppendLine("```").AppendLine(step.Files[path]).AppendLine("```");
        }

        if (step.Problems.Count > 0)
        {
            prompt.AppendLine().AppendLine("# Problems found applying the engineer's answer");
            foreach (var problem in step.Problems)
            {
                prompt.Append("- ").AppendLine(problem);
            }
        }

        if (step.Context.Text.Length > 0)
        {
            prompt.AppendLine().AppendLine("# Other relevant code in the project").AppendLine(step.Context.Text);
        }

        return structured.AskAsync<ReviewVerdict>(
            new LlmCallContext(step.Project.Id, step.Project.UserId, $"task:{step.Task.Index}:review:{step.Attempt}", LlmRole.Reviewer, step.Context.Tokens),
            [new(LlmMessageRole.System, AgentPrompts.Review), new(LlmMessageRole.User, prompt.ToString())],
            new LlmJsonSchema("review", ReviewVerdict.JsonSchema),
            verdict => verdict.Problem(),
            cancellationToken);
    }

    public async Task<string> WriteReadmeAsync(Project project, IReadOnlyList<ProjectTask> tasks, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var prompt = new StringBuilder()
            .AppendLine(PromptSections.ProjectAndPlan(project, tasks, current: null))
            .AppendLine("# Files");
        var budget = 24_000;
        foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var shown = content.Length <= 3000 ? content : content[..3000] + "\n…";
            if (budget - shown.Length < 0)
            {
                prompt.Append("- ").AppendLine(path);
                continue;
            }

            budget -= shown.Length;
            prompt.AppendLine().AppendLine(path).AppendLine("```").AppendLine(shown).AppendLine("```");
        }

        var answer = await gateway.AskAsync(
            new LlmCallContext(project.Id, project.UserId, "readme#1", LlmRole.Architect),
            [new(LlmMessageRole.System, AgentPrompts.Readme), new(LlmMessageRole.User, prompt.ToString())],
            schema: null,
            cancellationToken);
        return UnwrapMarkdown(answer.Text);
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

public sealed record StepReviewRequest(
    Project Project,
    IReadOnlyList<ProjectTask> Tasks,
    ProjectTask Task,
    int Attempt,
    IReadOnlyList<string> ChangedPaths,
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyList<string> Problems,
    CodeContext Context);
