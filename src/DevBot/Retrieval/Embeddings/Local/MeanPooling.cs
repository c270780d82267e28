using System.Numerics.Tensors;

namespace DevBot.Retrieval.Embeddings.Local;

/// <summary>Sentence vectors from token vectors: the mean over the real (unpadded) tokens, scaled to unit length.</summary>
internal static class MeanPooling
{
    /// <param name="hidden">The model's last hidden states, [batch, tokens, dimensions] row-major.</param>
    /// <param name="tokenCounts">Real tokens of each input; the rest of its row is padding.</param>
    public static float[][] Pool(ReadOnlySpan<float> hidden, IReadOnlyList<int> tokenCounts, int paddedLength, int dimensions)
    {
        if (hidden.Length != tokenCounts.Count * paddedLength * dimensions)
        {
            throw new ArgumentException($"expected {tokenCounts.Count}×{paddedLength}×{dimensions} values, got {hidden.Length}", nameof(hidden));
        }

        var vectors = new float[tokenCounts.Count][];
        for (var b = 0; b < tokenCounts.Count; b++)
        {
            var sum = new float[dimensions];
            var tokens = tokenCounts[b];
            var row = hidden.Slice(b * paddedLength * dimensions, paddedLength * dimensions);
            for (var t = 0; t < tokens; t++)
            {
                TensorPrimitives.Add(sum, row.Slice(t * dimensions, dimensions), sum);
            }

            // sentence-transformers divides by max(count, 1e-9) and normalises by max(norm, 1e-12): the same here.
            TensorPrimitives.Divide(sum, Math.Max(tokens, 1e-9f), sum);
            TensorPrimitives.Divide(sum, Math.Max(TensorPrimitives.Norm<float>(sum), 1e-12f), sum);
            vectors[b] = sum;
        }

        return vectors;
    }
}
