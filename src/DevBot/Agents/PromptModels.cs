using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>The project as prompts show it.</summary>
/// <param name="UserTitle">True when the user chose the title (the architect keeps it).</param>
[PromptModel]
internal sealed record ProjectPromptModel(string Title, string Description, string? Stack, string? DesignNotes, bool UserTitle)
{
    public static ProjectPromptModel Of(Project project) =>
        new(project.Title, project.Description, project.Stack, string.IsNullOrWhiteSpace(project.PlanSummary) ? null : project.PlanSummary, !project.TitleProvisional);
}

/// <summary>One line of the TODO list in a prompt.</summary>
[PromptModel]
internal sealed record PlanLinePromptModel(int Index, string Title, bool Done, bool Current);

/// <summary>The task a prompt is about.</summary>
[PromptModel]
internal sealed record TaskPromptModel(int Index, int Total, string Title, string Details);

/// <summary>A file shown in a prompt (<see cref="Shown"/> false: listed by path only).</summary>
[PromptModel]
public sealed record FilePromptModel(string Path, string Content, bool Shown = true);
