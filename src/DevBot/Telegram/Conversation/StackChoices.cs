namespace DevBot.Telegram.Conversation;

/// <summary>The language/stack buttons offered with a new description; null leaves the choice to the architect.</summary>
public static class StackChoices
{
    public static readonly IReadOnlyList<StackChoice> All =
    [
        new("py", "Python", "Python"),
        new("cs", "C#", "C#"),
        new("js", "JavaScript", "JavaScript"),
        new("any", "Let the architect decide", null),
    ];

    public static StackChoice? Find(string? code) => All.FirstOrDefault(s => s.Code == code);
}

public sealed record StackChoice(string Code, string Label, string? Stack);
