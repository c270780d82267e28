namespace DevBot.Edits;

/// <summary>What one SEARCH/REPLACE block does to its file.</summary>
internal abstract record BlockOutcome
{
    /// <summary>The block applies: the file becomes <paramref name="File"/>.</summary>
    public sealed record Changed(FileLines File, EditMatch Match) : BlockOutcome;

    /// <summary>The file already holds what the block asks for.</summary>
    public sealed record AlreadyThere(EditMatch Match) : BlockOutcome;

    /// <summary>The block does not apply. <paramref name="SearchNotFound"/>: nothing matched (rather than too much).</summary>
    public sealed record Refused(string Reason, string? DidYouMean = null, bool SearchNotFound = false) : BlockOutcome;
}
