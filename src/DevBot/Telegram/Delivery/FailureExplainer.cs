using System.Text.RegularExpressions;

namespace DevBot.Telegram.Delivery;

/// <summary>
/// Turns a build's failure reason (written for operators and logs) into a sentence for someone who is not a
/// developer. Configuration details (variable names, endpoints) stay out of the chat: they are the operator's.
/// </summary>
public static partial class FailureExplainer
{
    public static string Explain(string? reason)
    {
        reason = (reason ?? string.Empty).Trim();
        if (TaskNotApproved().Match(reason) is { Success: true } task)
        {
            var feedback = reason.Contains("Reviewer:", StringComparison.Ordinal)
                ? " The reviewer's last comment was: " + OneLine(reason[(reason.IndexOf("Reviewer:", StringComparison.Ordinal) + 9)..]) : string.Empty;
            return $"I could not get one part right: step {task.Groups["index"].Value} (\"{task.Groups["title"].Value}\") kept failing its review, so I stopped instead of spending more of your credits.{feedback} Try again with a more specific description of that part.";
        }

        if (reason.Contains("language model", StringComparison.OrdinalIgnoreCase) || reason.Contains("LLM_", StringComparison.Ordinal))
        {
            return "The AI service I use to write code is not available right now, so the build stopped. This is on our side, not yours: please try again later.";
        }

        if (reason.Contains("interrupted or retried", StringComparison.OrdinalIgnoreCase))
        {
            return "The build was interrupted too many times, so I stopped it. Please try again.";
        }

        if (reason.Contains("no longer exists", StringComparison.OrdinalIgnoreCase))
        {
            return "The project was removed before it could be built.";
        }

        return reason.Length == 0
            ? "The build stopped for a reason I could not find out. Please try again."
            : "The build stopped: " + OneLine(reason);
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
