namespace DevBot.Telegram.Conversation;

/// <summary>The language/stack buttons offered with a new description; null leaves the choice to the architect.</summary>
internal static class StackChoices
{
    public static readonly IReadOnlyList<StackChoice> All =
    [
        new("py", "Python", "Python"),
        new("cs", "C#", "C#"),
        new("js", "JavaScript", "JavaScript"),
        new("any", null, null),
    ];

    public static StackChoice? Find(string? code) => All.FirstOrDefault(s => s.Code == code);
}

/// <summary>A stack button; a null label is the architect's-choice button, whose label is a text of the chat's language.</summary>
internal sealed record StackChoice(string Code, string? Label, string? Stack);
