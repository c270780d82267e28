using System.Text;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>Prompt text shared by the agents: the project, its design notes and the TODO list.</summary>
internal static class PromptSections
{
    public static string ProjectAndPlan(Project project, IReadOnlyList<ProjectTask> tasks, ProjectTask? current)
    {
        var builder = new StringBuilder()
            .Append("# Project: ").AppendLine(project.Title)
            .AppendLine(project.Description);
        if (project.Stack is not null)
        {
            builder.Append("Language / stack: ").AppendLine(project.Stack);
        }

        if (!string.IsNullOrWhiteSpace(project.PlanSummary))
        {
            builder.AppendLine().AppendLine("# Design notes").AppendLine(project.PlanSummary);
        }

        builder.AppendLine().AppendLine("# Plan");
        foreach (var task in tasks)
        {
            var mark = task.Status == ProjectTaskStatus.Approved ? "x" : " ";
            var arrow = current is not null && task.Index == current.Index ? "  <- this task" : string.Empty;
            builder.Append("- [").Append(mark).Append("] ").Append(task.Index).Append(". ").Append(task.Title).AppendLine(arrow);
        }

        if (current is not null)
        {
            builder.AppendLine()
                .Append("# Task ").Append(current.Index).Append(" of ").Append(tasks.Count).Append(": ").AppendLine(current.Title)
                .AppendLine(current.Details);
        }

        return builder.ToString();
    }

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
