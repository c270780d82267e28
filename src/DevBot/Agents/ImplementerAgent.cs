using System.Text;
using DevBot.Edits;
using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>Writes or edits the files of one task.</summary>
public sealed class ImplementerAgent(LlmGateway gateway)
{
    public async Task<ParsedEdits> ImplementAsync(ImplementRequest step, CancellationToken cancellationToken)
    {
        var prompt = new StringBuilder().AppendLine(PromptSections.ProjectAndPlan(step.Project, step.Tasks, step.Task));
        if (step.Context.Text.Length > 0)
        {
            prompt.AppendLine("# Relevant existing code").AppendLine(step.Context.Text);
        }

        if (step.StagedPaths.Count > 0)
        {
            prompt.AppendLine("# Your previous attempt at this task (current content)");
            foreach (var path in step.StagedPaths)
            {
                prompt.AppendLine().AppendLine(path).AppendLine("```").AppendLine(step.Files[path]).AppendLine("```");
            }
        }

        if (!string.IsNullOrWhiteSpace(step.Feedback))
        {
            prompt.AppendLine().AppendLine("# Reviewer feedback on your previous attempt — address all of it").AppendLine(step.Feedback);
        }

        var answer = await gateway.AskAsync(
            new LlmCallContext(step.Project.Id, step.Project.UserId, $"task:{step.Task.Index}:implement#{step.Attempt}", LlmRole.Implementer, step.Context.Tokens),
            [new(LlmMessageRole.System, AgentPrompts.Implement), new(LlmMessageRole.User, prompt.ToString())],
            schema: null,
            cancellationToken);
        return FileEditParser.Parse(answer.Text);
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
