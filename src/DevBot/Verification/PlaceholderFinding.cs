namespace DevBot.Verification;

/// <summary>What kind of unfinished code a placeholder finding is.</summary>
public enum PlaceholderRule
{
    /// <summary>A TODO or FIXME comment left in code.</summary>
    TodoLeft,

    /// <summary>A comment standing in for code: "implement this", "your code here", "rest of the code unchanged".</summary>
    PlaceholderText,

    /// <summary>Code elided with an ellipsis: <c>// ...</c>, <c># ... existing code ...</c>, a bare <c>...</c> among statements.</summary>
    ElidedCode,

    /// <summary>A Python function whose whole body is <c>pass</c> or <c>...</c>.</summary>
    EmptyBody,

    /// <summary><c>throw new NotImplementedException()</c>, <c>raise NotImplementedError</c> in non-abstract code, and the like.</summary>
    NotImplemented,
}

/// <summary>Unfinished code in a new or changed file: where (path, 1-based line), the line itself, and which rule.</summary>
public sealed record PlaceholderFinding(string Path, int Line, string Text, PlaceholderRule Rule)
{
    /// <summary>The rule's short name as shown to the implementer, e.g. "todo", "empty-body".</summary>
    public string RuleName => Rule switch
    {
        PlaceholderRule.TodoLeft => "todo",
        PlaceholderRule.PlaceholderText => "placeholder-text",
        PlaceholderRule.ElidedCode => "elided-code",
        PlaceholderRule.EmptyBody => "empty-body",
        _ => "not-implemented",
    };

    public override string ToString() => $"{Path}:{Line}: [{RuleName}] {Text}";
}
