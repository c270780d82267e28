using DevBot.Retrieval.Search;

namespace DevBot.Tests.Retrieval;

public sealed class TopKTests
{
    [Fact]
    public void Top_k_returns_the_best_scores_first_with_ties_in_index_order()
    {
        double[] scores = [0.5, 2, 0, 2, 1, -1, 3];

        TopK.Select(scores, 4).ShouldBe([6, 1, 3, 4]);
        TopK.Select(scores, 100, positiveOnly: true).ShouldBe([6, 1, 3, 4, 0]);
        TopK.Select(scores, 0).ShouldBeEmpty();
    }

    [Fact]
    public void Reciprocal_rank_fusion_rewards_items_ranked_well_by_several_lists()
    {
        var fused = ReciprocalRankFusion.Fuse<string>([["a", "b", "c"], ["c", "b", "d"]]);

        fused.Select(f => f.Item).ShouldBe(["c", "b", "a", "d"]);
        fused[0].Score.ShouldBe(1.0 / 63 + 1.0 / 61, 1e-12);
        fused[1].Score.ShouldBe(2.0 / 62, 1e-12);
    }
}
