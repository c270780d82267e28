using System.Text.RegularExpressions;
using DevBot.Telegram.Texts;

namespace DevBot.Telegram.Delivery;

/// <summary>
/// Turns a build's failure reason (written for operators and logs) into a sentence for someone who is not a
/// developer, in their language. Configuration details (variable names, endpoints) stay out of the chat: they
/// are the operator's. The result is plain text.
/// </summary>
internal static partial class FailureExplainer
{
    public static string Explain(Words words, string? reason)
    {
        reason = (reason ?? string.Empty).Trim();
        if (TaskNotApproved().Match(reason) is { Success: true } task)
        {
            var reviewer = reason.IndexOf("Reviewer:", StringComparison.Ordinal);
            var feedback = reviewer >= 0
                ? " " + words.Plain(TextKey.FailureReviewerSaid, ("comment", OneLine(reason[(reviewer + 9)..])))
                : string.Empty;
            return words.Plain(TextKey.FailureTask, ("index", task.Groups["index"].Value), ("title", task.Groups["title"].Value), ("reviewer", feedback));
        }

        if (reason.Contains("language model", StringComparison.OrdinalIgnoreCase) || reason.Contains("LLM_", StringComparison.Ordinal))
        {
            return words[TextKey.FailureModelUnavailable];
        }

        if (reason.Contains("interrupted or retried", StringComparison.OrdinalIgnoreCase))
        {
            return words[TextKey.FailureInterrupted];
        }

        if (reason.Contains("no longer exists", StringComparison.OrdinalIgnoreCase))
        {
            return words[TextKey.FailureRemoved];
        }

        return reason.Length == 0
            ? words[TextKey.FailureUnknown]
            : words.Plain(TextKey.FailureOther, ("reason", OneLine(reason)));
    }

    public static string OneLine(string text, int limit = 200)
    {
        var line = Whitespace().Replace(text, " ").Trim();
        return line.Length <= limit ? line : line[..(limit - 1)].TrimEnd() + "…";
    }

    [GeneratedRegex("^Task (?<index>\\d+) \"(?<title>[^\"]*)\" (was not approved|was stopped)")]
    private static partial Regex TaskNotApproved();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
