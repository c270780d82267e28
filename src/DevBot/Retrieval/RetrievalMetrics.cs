using System.Diagnostics.Metrics;
using DevBot.Observability;

namespace DevBot.Retrieval;

/// <summary>Retrieval's figures: how long indexing and searching take, and how much is indexed and embedded.</summary>
public sealed class RetrievalMetrics
{
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Histogram<double> _indexDuration;
    private readonly Counter<long> _filesIndexed;
    private readonly Counter<long> _chunksIndexed;
    private readonly Counter<long> _chunksEmbedded;
    private readonly Histogram<double> _searchDuration;

    public RetrievalMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(DevBotMetrics.MeterName);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets };
        _indexDuration = meter.CreateHistogram("devbot.retrieval.index.duration", unit: "s",
            description: "Time to bring a project's index up to date after a change (chunking, writing, embedding).", advice: advice);
        _filesIndexed = meter.CreateCounter<long>("devbot.retrieval.files.indexed", description: "Files (re)indexed.");
        _chunksIndexed = meter.CreateCounter<long>("devbot.retrieval.chunks.indexed", description: "Code chunks written to the index.");
        _chunksEmbedded = meter.CreateCounter<long>("devbot.retrieval.chunks.embedded", description: "Code chunks given an embedding vector.");
        _searchDuration = meter.CreateHistogram("devbot.retrieval.search.duration", unit: "s",
            description: "Time of one code search (lexical, symbol graph and, with embeddings, vectors), by whether vectors took part.", advice: advice);
    }

    public void Indexed(int files, int chunks, int embedded, TimeSpan duration)
    {
        _indexDuration.Record(duration.TotalSeconds);
        _filesIndexed.Add(files);
        _chunksIndexed.Add(chunks);
        _chunksEmbedded.Add(embedded);
    }

    public void Searched(bool withVectors, TimeSpan duration) =>
        _searchDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("vectors", withVectors ? "true" : "false"));
}
