namespace DevBot.Retrieval.Chunking;

/// <summary>How big chunks get. Definitions longer than <see cref="MaxLines"/> are split into their members or windows.</summary>
internal sealed record ChunkerOptions
{
    public static ChunkerOptions Default { get; } = new();

    public int MaxLines { get; init; } = 60;

    /// <summary>Lines shared by neighbouring windows, so code cut at a window edge is whole in one of them.</summary>
    public int OverlapLines { get; init; } = 10;

    /// <summary>Neighbouring small definitions are packed together up to this many lines.</summary>
    public int MergeLines { get; init; } = 30;
}
