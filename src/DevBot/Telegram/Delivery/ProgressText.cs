using System.Globalization;
using System.Text;
using DevBot.Billing;
using DevBot.Projects;
using DevBot.Projects.Versions;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Texts;

namespace DevBot.Telegram.Delivery;

/// <summary>The text of a build's one progress message, from the project's state, in the chat's language.</summary>
internal static class ProgressText
{
    public static string Render(Words words, Project project, IReadOnlyList<ProjectTask> tasks, int? queuePosition, string? note = null, decimal? estimatedCredits = null)
    {
        var text = new StringBuilder();
        text.Append(TelegramHtml.Bold(project.Title)).Append('\n');
        text.Append(StatusLine(words, project, tasks, queuePosition));
        if (estimatedCredits is { } estimate)
        {
            text.Append('\n').Append(words.Html(TextKey.ProgressEstimate, ("credits", CreditFormat.Show(estimate))));
        }

        if (tasks.Count > 0)
        {
            text.Append("\n\n");
            foreach (var task in tasks)
            {
                text.Append(TaskLine(words, task)).Append('\n');
            }
        }

        if (!string.IsNullOrWhiteSpace(note) && !project.Status.IsTerminal())
        {
            text.Append('\n').Append(TelegramHtml.Italic(FailureExplainer.OneLine(note, 300)));
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The status line (HTML).</summary>
    public static string StatusLine(Words words, Project project, IReadOnlyList<ProjectTask> tasks, int? queuePosition) => project.Status switch
    {
        ProjectStatus.Queued when queuePosition is { } position => words.Html(TextKey.ProgressQueuedAt, ("position", position)),
        ProjectStatus.Queued => words[TextKey.ProgressQueued],
        ProjectStatus.Planning => words[TextKey.ProgressPlanning],
        ProjectStatus.Implementing => words.Html(TextKey.ProgressImplementing,
            ("done", tasks.Count(t => t.Status == ProjectTaskStatus.Approved)), ("total", tasks.Count)),
        ProjectStatus.Testing => words[TextKey.ProgressTesting],
        ProjectStatus.Documenting => words[TextKey.ProgressDocumenting],
        ProjectStatus.Packaging => words[TextKey.ProgressPackaging],
        ProjectStatus.Completed => words.Html(TextKey.ProgressCompleted, ("count", tasks.Count)),
        ProjectStatus.Failed => words.Html(TextKey.ProgressFailed, ("reason", FailureExplainer.Explain(words, project.Error))),
        ProjectStatus.Cancelled => words[TextKey.ProgressCancelled],
        ProjectStatus.AwaitingCredits => words[TextKey.ProgressAwaitingCredits],
        _ => TelegramHtml.Escape(project.Status.ToApi()),
    };

    /// <summary>
    /// The caption of the delivered ZIP: what it is, what a later version changed, what it cost, and what DevBot's own
    /// test run of that version proved.
    /// </summary>
    public static string Caption(
        Words words, string title, int tasks, int files, long tokens, decimal credits, VerificationSummary? verification = null, VersionNote? version = null) =>
        words.Html(TextKey.ZipCaption,
            ("title", HtmlFragment.Bold(title)),
            ("tasks", tasks),
            ("files", files),
            ("tokens", tokens.ToString("N0", CultureInfo.InvariantCulture)),
            ("credits", CreditFormat.Show(credits)))
        + (version is null ? string.Empty : VersionLine(words, version) is { } line ? "\n" + line : string.Empty)
        + (verification is null ? string.Empty : "\n" + VerificationLine(words, verification));

    /// <summary>The caption's facts of a delivered version.</summary>
    public static VersionNote VersionOf(DeliveredVersion version) => new(version.Version, version.Kind, version.Changes);

    /// <summary>What a change or an undo changed (HTML), or null for a first build or an import, which change nothing before them.</summary>
    public static string? VersionLine(Words words, VersionNote version) => version.Kind switch
    {
        VersionKind.Change => words.Html(TextKey.ZipChanged, Stat(version)),
        VersionKind.Restore => words.Html(TextKey.ZipUndone, Stat(version)),
        _ => null,
    };

    private static (string, object?)[] Stat(VersionNote version) =>
    [
        ("version", version.Version),
        ("files", version.Changes.FilesChanged),
        ("added", version.Changes.LinesAdded),
        ("removed", version.Changes.LinesRemoved),
    ];

    /// <summary>The test verdict in one line (HTML): passed with counts, failed with the failing tests named, or why nothing ran.</summary>
    public static string VerificationLine(Words words, VerificationSummary verification) => verification.Status switch
    {
        VerificationStatus.Passed => words.Html(TextKey.VerificationPassed, ("passed", verification.Passed ?? 0)),
        VerificationStatus.Failed when verification.Failed is null => words.Html(TextKey.VerificationFailedReason, ("reason", verification.Reason ?? string.Empty)),
        VerificationStatus.Failed => words.Html(TextKey.VerificationFailed,
            ("passed", verification.Passed ?? 0), ("failed", verification.Failed ?? 0),
            ("tests", verification.FailedTests.Count == 0 ? "—" : string.Join(", ", verification.FailedTests.Take(5)))),
        _ => words.Html(TextKey.VerificationNotRun, ("reason", verification.Reason ?? string.Empty)),
    };

    private static string TaskLine(Words words, ProjectTask task)
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

        // The reviewer's one line: why a step passed, or why the last attempt did not (the verdict matters more
        // than the attempt number).
        var feedback = FailureExplainer.OneLine(task.Feedback, 140);
        var verdict = task.Status switch
        {
            ProjectTaskStatus.Approved => words.Plain(TextKey.TaskApproved, ("feedback", feedback)),
            ProjectTaskStatus.Rejected or ProjectTaskStatus.Failed => words.Plain(TextKey.TaskRejected, ("feedback", feedback)),
            ProjectTaskStatus.InProgress when task.Attempts > 1 => words.Plain(TextKey.TaskRetrying, ("attempt", task.Attempts), ("feedback", feedback)),
            _ => null,
        };
        if (verdict is not null)
        {
            line += " — " + TelegramHtml.Italic(verdict);
        }

        return line;
    }
}

/// <summary>A delivered version as its caption tells it: its number, how it came about, and what it changed.</summary>
internal sealed record VersionNote(int Version, VersionKind Kind, DiffStat Changes);
