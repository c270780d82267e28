using System.Globalization;
using System.Text;
using DevBot.Billing;
using DevBot.Projects;
using DevBot.Telegram.BotApi;

namespace DevBot.Telegram.Delivery;

/// <summary>The text of a build's one progress message, from the project's state.</summary>
public static class ProgressText
{
    public static string Render(Project project, IReadOnlyList<ProjectTask> tasks, int? queuePosition, string? note = null, decimal? estimatedCredits = null)
    {
        var text = new StringBuilder();
        text.Append(TelegramHtml.Bold(project.Title)).Append('\n');
        text.Append(TelegramHtml.Escape(StatusLine(project, tasks, queuePosition)));
        if (estimatedCredits is { } estimate)
        {
            text.Append('\n').Append(TelegramHtml.Escape($"Estimated cost: about {CreditFormat.Show(estimate)} credits for the whole build."));
        }
        if (tasks.Count > 0)
        {
            text.Append("\n\n");
            foreach (var task in tasks)
            {
                text.Append(TaskLine(task)).Append('\n');
            }
        }

        if (!string.IsNullOrWhiteSpace(note) && !project.Status.IsTerminal())
        {
            text.Append('\n').Append(TelegramHtml.Italic(FailureExplainer.OneLine(note, 300)));
        }

        return text.ToString().TrimEnd();
    }

    public static string StatusLine(Project project, IReadOnlyList<ProjectTask> tasks, int? queuePosition) => project.Status switch
    {
        ProjectStatus.Queued => queuePosition is { } position ? $"⏳ Queued, #{position} in line." : "⏳ Queued.",
        ProjectStatus.Planning => "🧠 Planning the project…",
        ProjectStatus.Implementing => $"🔨 Building: {tasks.Count(t => t.Status == ProjectTaskStatus.Approved)} of {tasks.Count} steps done.",
        ProjectStatus.Testing => "🧪 Running the tests…",
        ProjectStatus.Documenting => "📝 Writing the README…",
        ProjectStatus.Packaging => "📦 Packing the ZIP…",
        ProjectStatus.Completed => $"✅ Done: {tasks.Count} steps approved.",
        ProjectStatus.Failed => "❌ " + FailureExplainer.Explain(project.Error),
        ProjectStatus.Cancelled => "🚫 Cancelled.",
        ProjectStatus.AwaitingCredits => "⏸ Paused: not enough credits to go on.",
        _ => project.Status.ToApi(),
    };

    /// <summary>The caption of the delivered ZIP: what it is, what it cost, and what DevBot's own test run proved.</summary>
    public static string Caption(string title, int tasks, int files, long tokens, decimal credits, VerificationSummary? verification = null) =>
        $"{TelegramHtml.Bold(title)}\n{tasks} steps done · {files} files · {tokens.ToString("N0", CultureInfo.InvariantCulture)} tokens · {CreditFormat.Show(credits)} credits"
        + (verification is null ? string.Empty : "\n" + TelegramHtml.Escape(VerificationLine(verification)));

    /// <summary>The test verdict in one line: "✅ Tests passed (5 passed, 0 failed)", "⚠️ Tests failed (…): test_x".</summary>
    public static string VerificationLine(VerificationSummary verification) => verification.Status switch
    {
        VerificationStatus.Passed => "✅ " + Capitalized(verification.Describe()),
        VerificationStatus.Failed => "⚠️ " + Capitalized(verification.Describe()) + " — send a change request to fix them.",
        _ => "ℹ️ " + Capitalized(verification.Describe()),
    };

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string TaskLine(ProjectTask task)
    {
        var icon = task.Status switch
        {
            ProjectTaskStatus.Approved => "✅",
            ProjectTaskStatus.InProgress => "🔄",
            ProjectTaskStatus.Rejected => "↩️",
            ProjectTaskStatus.Failed => "❌",
            _ => "▫️",
        };
        var line = $"{icon} {task.Index}. {TelegramHtml.Escape(FailureExplainer.OneLine(task.Title, 120))}";
        if (string.IsNullOrWhiteSpace(task.Feedback))
        {
            return line;
        }

        // A retry shows why the last attempt was rejected: the verdict matters more than the attempt number.
        var verdict = task.Status switch
        {
            ProjectTaskStatus.Rejected or ProjectTaskStatus.Failed => "rejected: ",
            ProjectTaskStatus.InProgress when task.Attempts > 1 => $"attempt {task.Attempts}, last one rejected: ",
            _ => null,
        };
        if (verdict is not null)
        {
            line += " — " + TelegramHtml.Italic(verdict + FailureExplainer.OneLine(task.Feedback, 140));
        }

        return line;
    }
}
