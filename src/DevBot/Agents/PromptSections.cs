using System.Text;
using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>Prompt text shared by the agents: the project, its design notes and the TODO list.</summary>
internal static class PromptSections
{
    public static string ProjectAndPlan(Project project, IReadOnlyList<ProjectTask> tasks, ProjectTask? current) =>
        PromptTemplates.Render("project-and-plan", new Dictionary<string, object?>
        {
            ["project"] = ProjectPromptModel.Of(project),
            ["plan"] = tasks.Select(t => new PlanLinePromptModel(t.Index, t.Title, t.Status == ProjectTaskStatus.Approved, current is not null && t.Index == current.Index)).ToList(),
            ["task"] = current is null ? null : new TaskPromptModel(current.Index, tasks.Count, current.Title, current.Details),
        });

    /// <summary>A role's system prompt and its rendered user message.</summary>
    public static IReadOnlyList<LlmMessage> Messages(AgentRole role, Dictionary<string, object?> values) =>
    [
        new(LlmMessageRole.System, PromptTemplates.Render(role.Name + ".system", values)),
        new(LlmMessageRole.User, PromptTemplates.Render(role.Name + ".user", values)),
    ];

    /// <summary>The plan as the TODO Markdown stored with the project.</summary>
    public static string TodoMarkdown(string title, IEnumerable<ProjectTask> tasks)
    {
        var builder = new StringBuilder().Append("# ").AppendLine(title).AppendLine();
        foreach (var task in tasks.OrderBy(t => t.Index))
        {
            builder.Append("- [").Append(task.Status == ProjectTaskStatus.Approved ? "x" : " ").Append("] ").AppendLine(task.Title);
        }

        return builder.ToString();
    }
}
