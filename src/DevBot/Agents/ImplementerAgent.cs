using DevBot.Edits;
using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>The implementer's answer: the edits, and what it wrote around them (an explanation of a resubmission).</summary>
public sealed record ImplementationAnswer(ParsedEdits Edits, string Explanation);

/// <summary>Writes or edits the files of one task, and fixes the code when its tests fail.</summary>
public sealed class ImplementerAgent
{
    /// <summary>The most characters of prose around the files kept as the implementer's explanation.</summary>
    public const int MaxExplanationLength = 1_500;

    /// <summary>Characters of file content a fix prompt may carry in all.</summary>
    private const int FixFilesBudget = 24_000;

    public async Task<AgentResult<ImplementationAnswer>> ImplementAsync(IModelCaller calls, ImplementRequest step, CancellationToken cancellationToken)
    {
        var messages = PromptSections.Messages(AgentRoles.Implementer, new()
        {
            ["projectAndPlan"] = PromptSections.ProjectAndPlan(step.Project, step.Tasks, step.Task),
            ["context"] = step.Context.Text.Length > 0 ? step.Context.Text : null,
            ["staged"] = step.StagedPaths.Select(p => new FilePromptModel(p, step.Files[p])).ToList(),
            ["feedback"] = string.IsNullOrWhiteSpace(step.Feedback) ? null : step.Feedback,
        });
        return Read(await calls.AskAsync(
            new ModelRequest(AgentRoles.Implementer, CallKey.Implement(step.Task.Index, step.Attempt), messages, Schema: null, step.Context.Tokens),
            cancellationToken));
    }

    /// <summary>One fix round: the failing output and the files it involves in, edits out.</summary>
    public async Task<AgentResult<ImplementationAnswer>> FixAsync(IModelCaller calls, FixRequest step, CancellationToken cancellationToken)
    {
        var budget = FixFilesBudget;
        var shown = new List<FilePromptModel>();
        foreach (var path in step.InvolvedPaths.Where(step.Files.ContainsKey))
        {
            var content = step.Files[path];
            if (content.Length > budget)
            {
                continue;
            }

            budget -= content.Length;
            shown.Add(new FilePromptModel(path, content));
        }

        var messages = PromptSections.Messages(AgentRoles.Fixer, new()
        {
            ["projectAndPlan"] = PromptSections.ProjectAndPlan(step.Project, step.Tasks, current: null),
            ["round"] = step.Round,
            ["maxRounds"] = step.MaxRounds,
            ["command"] = step.Command,
            ["outcome"] = step.Outcome,
            ["digest"] = step.Digest,
            ["previousProblems"] = step.PreviousProblems,
            ["files"] = shown,
            ["context"] = step.Context.Text.Length > 0 ? step.Context.Text : null,
        });
        return Read(await calls.AskAsync(
            new ModelRequest(AgentRoles.Fixer, CallKey.Fix(step.Round), messages, Schema: null, step.Context.Tokens),
            cancellationToken));
    }

    private static AgentResult<ImplementationAnswer> Read(ModelReply reply) => reply switch
    {
        ModelReply.Answered answered => new AgentResult<ImplementationAnswer>.Done(
            new ImplementationAnswer(FileEditParser.Parse(answered.Text), Explanation(answered.Text))),
        ModelReply.Stopped stopped => new AgentResult<ImplementationAnswer>.Stopped(stopped.Stop),
        _ => throw new InvalidOperationException("Unknown model reply."),
    };

    /// <summary>The prose of an answer outside its fenced blocks, without the path lines that name the blocks' files.</summary>
    internal static string Explanation(string answer)
    {
        var lines = MarkdownFences.SplitLines(answer);
        var inBlock = new bool[lines.Length];
        foreach (var block in MarkdownFences.Blocks(answer))
        {
            var first = block.StartLine > 0 && LooksLikePath(lines[block.StartLine - 1]) ? block.StartLine - 1 : block.StartLine;
            for (var i = first; i <= Math.Min(block.EndLine, lines.Length - 1); i++)
            {
                inBlock[i] = true;
            }
        }

        var prose = string.Join('\n', lines.Where((_, i) => !inBlock[i])).Trim();
        return prose.Length <= MaxExplanationLength ? prose : prose[..MaxExplanationLength] + "…";
    }

    /// <summary>A line that names a file rather than saying something: one word, maybe in bold or backticks.</summary>
    private static bool LooksLikePath(string line)
    {
        var word = line.Trim().Trim('*', '`', ':', '#', ' ');
        return word.Length > 0 && !word.Contains(' ', StringComparison.Ordinal);
    }
}

public sealed record ImplementRequest(
    Project Project,
    IReadOnlyList<ProjectTask> Tasks,
    ProjectTask Task,
    int Attempt,
    string? Feedback,
    IReadOnlyList<string> StagedPaths,
    IReadOnlyDictionary<string, string> Files,
    CodeContext Context);

/// <param name="Outcome">How the run ended, as a clause: "2 of 12 tests failed", "did not finish within 120 s".</param>
/// <param name="InvolvedPaths">The files the failure points at, most relevant first (shown whole within a budget).</param>
/// <param name="PreviousProblems">Blocks of the previous round's answer that could not be applied.</param>
public sealed record FixRequest(
    Project Project,
    IReadOnlyList<ProjectTask> Tasks,
    int Round,
    int MaxRounds,
    string Command,
    string Outcome,
    string Digest,
    IReadOnlyList<string> InvolvedPaths,
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyList<string> PreviousProblems,
    CodeContext Context);
