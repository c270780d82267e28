namespace DevBot.Retrieval.Search;

/// <summary>
/// Reciprocal-rank fusion (Cormack et al., 2009): score(d) = Σ 1 / (k + rank of d in each list), k = 60. It needs
/// no score calibration between BM25, PageRank and cosine similarity, only their orders.
/// </summary>
internal static class ReciprocalRankFusion
{
    public const int K = 60;

    public static IReadOnlyList<(T Item, double Score)> Fuse<T>(IEnumerable<IReadOnlyList<T>> rankings, int k = K)
        where T : notnull => Fuse(rankings.Select(r => (r, 1.0)), k);

    /// <summary>Weighted fusion: each list's contributions are multiplied by its weight.</summary>
    public static IReadOnlyList<(T Item, double Score)> Fuse<T>(IEnumerable<(IReadOnlyList<T> Ranking, double Weight)> rankings, int k = K)
        where T : notnull
    {
        var scores = new Dictionary<T, double>();
        var firstSeen = new Dictionary<T, int>();
        foreach (var (ranking, weight) in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var item = ranking[rank];
                scores[item] = scores.GetValueOrDefault(item) + weight / (k + rank + 1);
                firstSeen.TryAdd(item, firstSeen.Count);
            }
        }

        return scores.OrderByDescending(s => s.Value).ThenBy(s => firstSeen[s.Key]).Select(s => (s.Key, s.Value)).ToList();
    }
}
