using Microsoft.ML.OnnxRuntime;

namespace DevBot.Retrieval.Embeddings.Local;

/// <summary>
/// all-MiniLM-L6-v2 loaded into ONNX Runtime with its WordPiece tokenizer. Inputs are cut to
/// <see cref="LocalEmbeddingModel.MaxTokens"/> tokens, sorted by length and run in small batches (padding a short
/// input to a long one's length costs as much as the long one). Not for concurrent use: the provider runs one call
/// at a time.
/// </summary>
internal sealed class MiniLmModel : IDisposable
{
    /// <summary>Inputs per ONNX Runtime run (measured in docs/benchmarks.md).</summary>
    public const int DefaultInferenceBatch = 8;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly InferenceSession _session;
    private readonly MiniLmTokenizer _tokenizer;

    private MiniLmModel(InferenceSession session, MiniLmTokenizer tokenizer)
    {
        _session = session;
        _tokenizer = tokenizer;
    }

    public static MiniLmModel Load(string packageAssemblyPath, int threads)
    {
        var files = MiniLmPackage.Read(packageAssemblyPath);
        var tokenizer = MiniLmTokenizer.FromVocabulary(files.Vocabulary);
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        // Idle worker threads sleep instead of spinning: on a small shared machine spinning burned a quarter more CPU
        // per chunk while other work (builds, the database) waited for it (docs/benchmarks.md).
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        var session = new InferenceSession(files.Model, options);
        var output = session.OutputMetadata[OutputNames[0]].Dimensions;
        if (output is not [_, _, LocalEmbeddingModel.Dimensions])
        {
            session.Dispose();
            throw new InvalidDataException($"{packageAssemblyPath} holds a model whose {OutputNames[0]} is [{string.Join(", ", output)}], not [batch, tokens, {LocalEmbeddingModel.Dimensions}]");
        }

        return new MiniLmModel(session, tokenizer);
    }

    /// <summary>Token ids of one input as the model reads it.</summary>
    public IReadOnlyList<int> Tokenize(string text) => _tokenizer.Tokenize(text);

    /// <summary>One unit-length 384-dimensional vector per input, in input order.</summary>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken, int inferenceBatch = DefaultInferenceBatch)
    {
        var tokenized = texts.Select(_tokenizer.Tokenize).ToList();
        var vectors = new float[texts.Count][];
        var byLength = Enumerable.Range(0, texts.Count).OrderBy(i => tokenized[i].Count).ToList();
        foreach (var batch in byLength.Chunk(inferenceBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pooled = Run(batch.Select(i => tokenized[i]).ToList(), cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = pooled[j];
            }
        }

        return vectors;
    }

    private float[][] Run(IReadOnlyList<IReadOnlyList<int>> inputs, CancellationToken cancellationToken)
    {
        var length = inputs.Max(t => t.Count);
        var ids = new long[inputs.Count * length];
        var mask = new long[inputs.Count * length];
        for (var b = 0; b < inputs.Count; b++)
        {
            for (var t = 0; t < inputs[b].Count; t++)
            {
                ids[(b * length) + t] = inputs[b][t];
                mask[(b * length) + t] = 1;
            }
        }

        long[] shape = [inputs.Count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape); // One segment: all 0.
        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            using var outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], OutputNames);
            return MeanPooling.Pool(outputs[0].GetTensorDataAsSpan<float>(), inputs.Select(t => t.Count).ToList(), length, LocalEmbeddingModel.Dimensions);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken); // Terminated by the token, not failed.
        }
    }

    public void Dispose() => _session.Dispose();

}
