using System.ComponentModel;

namespace DevBot.Agents;

/// <summary>The architect's plan (the <c>project_plan</c> schema): a TODO list of small tasks plus short design notes.</summary>
public sealed record ProjectPlan(
    [property: Description("Short project title")] string Title,
    [property: Description("Design notes: structure, key decisions, how to run and test")] string Summary,
    IReadOnlyList<PlannedTask> Tasks)
{
    public const string SchemaName = "project_plan";

    public const int MaxTasks = 30;

    /// <summary>Null when the plan is usable, else what is wrong with it (fed back to the architect).</summary>
    public string? Problem()
    {
        if (Tasks is null || Tasks.Count == 0)
        {
            return "The plan has no tasks; give between 1 and 30 tasks.";
        }

        if (Tasks.Count > MaxTasks)
        {
            return $"The plan has {Tasks.Count} tasks; merge them into at most {MaxTasks}.";
        }

        return Tasks.Any(t => string.IsNullOrWhiteSpace(t?.Title))
            ? "Every task needs a title."
            : null;
    }
}

public sealed record PlannedTask(string Title, string? Details);
