using DevBot.Retrieval.Embeddings.Local;

namespace DevBot.Tests.Retrieval.Embeddings;

public sealed class MeanPoolingTests
{
    [Fact]
    public void The_sentence_vector_is_the_mean_of_the_real_tokens_scaled_to_unit_length_and_padding_is_ignored()
    {
        // Two inputs padded to 3 tokens of 2 dimensions: the first has 2 real tokens, the second 3.
        float[] hidden =
        [
            1, 0, /**/ 3, 4, /**/ 100, 100, // padding: must not count
            2, 0, /**/ 0, 2, /**/ 1, 1,
        ];

        var vectors = MeanPooling.Pool(hidden, [2, 3], paddedLength: 3, dimensions: 2);

        // Means (2, 2) and (1, 1), both pointing the same way: (1/√2, 1/√2).
        vectors[0][0].ShouldBe(MathF.Sqrt(0.5f), 1e-6f);
        vectors[0][1].ShouldBe(MathF.Sqrt(0.5f), 1e-6f);
        vectors[1].ShouldBe(vectors[0], tolerance: 1e-6);
    }

    [Fact]
    public void A_vector_of_zeros_stays_zero_instead_of_dividing_by_zero()
    {
        var vectors = MeanPooling.Pool(new float[4], [0], paddedLength: 2, dimensions: 2);

        vectors[0].ShouldBe([0f, 0f]);
    }
}
