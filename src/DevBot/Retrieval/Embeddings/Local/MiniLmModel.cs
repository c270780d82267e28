using Microsoft.ML.OnnxRuntime;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace DevBot.Retrieval.Embeddings.Local;

/// <summary>
/// all-MiniLM-L6-v2 loaded into ONNX Runtime with its WordPiece tokenizer. Inputs are cut to
/// <see cref="LocalEmbeddingModel.MaxTokens"/> tokens, sorted by length and run in small batches (padding a short
/// input to a long one's length costs as much as the long one). Not for concurrent use: the provider runs one call
/// at a time.
/// </summary>
internal sealed partial class MiniLmModel : IDisposable
{
    /// <summary>Inputs per ONNX Runtime run (measured in docs/benchmarks.md: larger batches gained nothing on 2 cores).</summary>
    public const int InferenceBatch = 8;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;

    private MiniLmModel(InferenceSession session, BertTokenizer tokenizer)
    {
        _session = session;
        _tokenizer = tokenizer;
    }

    public static MiniLmModel Load(string packageAssemblyPath, int threads)
    {
        var files = MiniLmPackage.Read(packageAssemblyPath);
        using var vocabulary = new MemoryStream(files.Vocabulary, writable: false);
        var tokenizer = BertTokenizer.Create(vocabulary, new BertOptions
        {
            // As Hugging Face's uncased BERT tokenizer does: lower-case and strip accents ("café" → "cafe", not [UNK]),
            // and split at every punctuation character, ASCII symbols such as _ = + < > included. The library's
            // default splitting keeps "parse_headers" whole and drops symbols, which the model never saw in training.
            RemoveNonSpacingMarks = true,
            PreTokenizer = new RegexPreTokenizer(BertBasicSplit(), null),
        });
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var session = new InferenceSession(files.Model, options);
        var output = session.OutputMetadata[OutputNames[0]].Dimensions;
        if (output is not [_, _, LocalEmbeddingModel.Dimensions])
        {
            session.Dispose();
            throw new InvalidDataException($"{packageAssemblyPath} holds a model whose {OutputNames[0]} is [{string.Join(", ", output)}], not [batch, tokens, {LocalEmbeddingModel.Dimensions}]");
        }

        return new MiniLmModel(session, tokenizer);
    }

    /// <summary>Token ids of one input, [CLS] … [SEP], at most <see cref="LocalEmbeddingModel.MaxTokens"/>.</summary>
    public IReadOnlyList<int> Tokenize(string text) =>
        _tokenizer.EncodeToIds(text, LocalEmbeddingModel.MaxTokens, addSpecialTokens: true, out _, out _);

    /// <summary>One unit-length 384-dimensional vector per input, in input order.</summary>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var tokenized = texts.Select(Tokenize).ToList();
        var vectors = new float[texts.Count][];
        var byLength = Enumerable.Range(0, texts.Count).OrderBy(i => tokenized[i].Count).ToList();
        foreach (var batch in byLength.Chunk(InferenceBatch))
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

    /// <summary>A run of anything but white space and punctuation, or one punctuation character (Unicode P*, and ASCII 33–47, 58–64, 91–96, 123–126).</summary>
    [GeneratedRegex(@"[^\s\p{P}!-/:-@\[-`{-~]+|[\p{P}!-/:-@\[-`{-~]")]
    private static partial Regex BertBasicSplit();
}
