using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>Writes or edits the files of one task.</summary>
public sealed class ImplementerAgent
{
    public async Task<AgentResult<ParsedEdits>> ImplementAsync(IModelCaller calls, ImplementRequest step, CancellationToken cancellationToken)
    {
        var messages = PromptSections.Messages(AgentRoles.Implementer, new()
        {
            ["projectAndPlan"] = PromptSections.ProjectAndPlan(step.Project, step.Tasks, step.Task),
            ["context"] = step.Context.Text.Length > 0 ? step.Context.Text : null,
            ["staged"] = step.StagedPaths.Select(p => new FilePromptModel(p, step.Files[p])).ToList(),
            ["feedback"] = string.IsNullOrWhiteSpace(step.Feedback) ? null : step.Feedback,
        });
        var reply = await calls.AskAsync(
            new ModelRequest(AgentRoles.Implementer, CallKey.Implement(step.Task.Index, step.Attempt), messages, Schema: null, step.Context.Tokens),
            cancellationToken);
        return reply switch
        {
            ModelReply.Answered answered => new AgentResult<ParsedEdits>.Done(FileEditParser.Parse(answered.Text)),
            ModelReply.Stopped stopped => new AgentResult<ParsedEdits>.Stopped(stopped.Stop),
            _ => throw new InvalidOperationException("Unknown model reply."),
        };
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
