namespace DevBot.Retrieval.Lexical;

/// <summary>
/// Okapi BM25 (k1 = 1.2, b = 0.75) over term vectors held in memory: an inverted index from term to
/// (document, term frequency). Built once per index snapshot of a project; queries touch only the postings of
/// their own terms.
/// </summary>
internal sealed class Bm25Index
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, List<Posting>> _postings = new(StringComparer.Ordinal);
    private readonly int[] _lengths;
    private readonly double _averageLength;

    public Bm25Index(IReadOnlyList<IReadOnlyList<TermCount>> documents)
    {
        _lengths = new int[documents.Count];
        long total = 0;
        for (var doc = 0; doc < documents.Count; doc++)
        {
            var length = 0;
            foreach (var (term, count) in documents[doc])
            {
                if (!_postings.TryGetValue(term, out var list))
                {
                    list = [];
                    _postings[term] = list;
                }

                list.Add(new Posting(doc, count));
                length += count;
            }

            _lengths[doc] = length;
            total += length;
        }

        _averageLength = documents.Count == 0 ? 1 : Math.Max(1, (double)total / documents.Count);
    }

    public int DocumentCount => _lengths.Length;

    /// <summary>The best <paramref name="limit"/> documents for the query's terms, best first; only documents that match.</summary>
    public IReadOnlyList<(int Document, double Score)> Search(IEnumerable<string> queryTerms, int limit)
    {
        var scores = new double[_lengths.Length];
        var n = (double)_lengths.Length;
        foreach (var term in queryTerms.Distinct(StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            var idf = Math.Log(1 + (n - postings.Count + 0.5) / (postings.Count + 0.5));
            foreach (var (doc, tf) in postings)
            {
                var norm = K1 * (1 - B + B * _lengths[doc] / _averageLength);
                scores[doc] += idf * tf * (K1 + 1) / (tf + norm);
            }
        }

        return DevBot.Retrieval.Search.TopK.Select(scores, limit, positiveOnly: true).Select(doc => (doc, scores[doc])).ToList();
    }

    private readonly record struct Posting(int Document, int Frequency);
}

/// <summary>How often a term occurs in one document.</summary>
internal readonly record struct TermCount(string Term, int Count);
