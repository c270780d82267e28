namespace DevBot.Agents;

/// <summary>The architect's plan: a TODO list of small tasks plus short design notes.</summary>
public sealed record ProjectPlan(string Title, string Summary, IReadOnlyList<PlannedTask> Tasks)
{
    public const int MaxTasks = 30;

    public const string JsonSchema = """
        {
          "type": "object",
          "properties": {
            "title": { "type": "string", "description": "Short project title" },
            "summary": { "type": "string", "description": "Design notes: structure, key decisions, how to run and test" },
            "tasks": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "title": { "type": "string" },
                  "details": { "type": "string" }
                },
                "required": ["title", "details"],
                "additionalProperties": false
              }
            }
          },
          "required": ["title", "summary", "tasks"],
          "additionalProperties": false
        }
        """;

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

/// <summary>The reviewer's verdict on one implementation attempt.</summary>
public sealed record ReviewVerdict(string Verdict, string? Feedback)
{
    public const string JsonSchema = """
        {
          "type": "object",
          "properties": {
            "verdict": { "type": "string", "enum": ["APPROVED", "REJECTED"] },
            "feedback": { "type": "string", "description": "Why; for a rejection, concrete changes to make" }
          },
          "required": ["verdict", "feedback"],
          "additionalProperties": false
        }
        """;

    public bool IsApproved => string.Equals(Verdict?.Trim(), "APPROVED", StringComparison.OrdinalIgnoreCase);

    public string? Problem() =>
        Verdict?.Trim().ToUpperInvariant() is "APPROVED" or "REJECTED" ? null : "verdict must be APPROVED or REJECTED.";
}
