using DevBot.Llm;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Symbols;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Retrieval;

public sealed class SymbolGraphTests
{
    [Fact]
    public async Task Ranking_favours_the_files_a_task_mentions_and_the_files_they_use()
    {
        var graph = await IndexedGraphAsync();

        var ranking = graph.Rank(TaskMentions.Find("Add a password reset to LoginService", graph));
        double Rank(string path) => ranking.FileRanks[graph.FileIndex[path]];

        ranking.Mentions.Identifiers.ShouldContain("LoginService");
        Rank("app/auth.py").ShouldBe(ranking.FileRanks.Max());
        Rank("app/models.py").ShouldBeGreaterThan(Rank("app/billing.py"));
        Rank("app/repository.py").ShouldBeGreaterThan(Rank("app/billing.py"));
        Rank("app/repository.py").ShouldBeGreaterThan(Rank("app/api.py"));

        var billing = graph.Rank(TaskMentions.Find("Show the total due cents on the statement", graph));
        billing.FileRanks[graph.FileIndex["app/billing.py"]].ShouldBe(billing.FileRanks.Max());
        billing.FileRanks[graph.FileIndex["app/auth.py"]].ShouldBeLessThan(billing.FileRanks[graph.FileIndex["app/repository.py"]]);
    }

    [Fact]
    public async Task Without_mentions_the_most_referenced_definitions_rank_highest()
    {
        var graph = await IndexedGraphAsync();

        var ranked = graph.Rank(TaskMentions.None).RankedSymbols();

        ranked[0].Symbol.Definition.Name.ShouldBe("User", "every other module uses User");
        graph.EdgeCount.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Task_words_name_identifiers_written_as_separate_words_or_as_file_names()
    {
        var graph = await IndexedGraphAsync();

        var mentions = TaskMentions.Find("Use the user repository in billing and show total due cents", graph);

        mentions.Identifiers.ShouldBe(["User", "UserRepository", "total_due_cents"], ignoreOrder: true);
        mentions.Files.ShouldBe(["app/billing.py", "app/repository.py"], ignoreOrder: true);
    }

    [Fact]
    public async Task Repository_map_shows_the_best_ranked_signatures_and_stays_within_its_budget()
    {
        var graph = await IndexedGraphAsync();
        var ranked = graph.Rank(TaskMentions.Find("LoginService login", graph)).RankedSymbols();

        var small = RepoMap.Render(ranked, 40);
        var large = RepoMap.Render(ranked, 2000);

        TokenEstimate.Of(small).ShouldBeLessThanOrEqualTo(40);
        small.ShouldContain("app/auth.py:\n  class LoginService");
        large.ShouldContain("    def login(self, email: str, password: str, salt: bytes) -> User | None");
        large.ShouldContain("app/models.py:");
        large.Length.ShouldBeGreaterThan(small.Length);
        RepoMap.Render(ranked, 0).ShouldBeEmpty();
    }

    private static async Task<SymbolGraph> IndexedGraphAsync()
    {
        await using var database = await RetrievalDatabase.CreateAsync();
        var projectId = await database.CreateProjectAsync();
        await database.IndexAsync(projectId, SampleProject.Files);
        return await database.InScopeAsync(async s =>
        {
            var snapshot = await s.GetRequiredService<ProjectIndexCache>().GetAsync(s.GetRequiredService<DevBot.Data.DevBotDbContext>(), projectId, CancellationToken.None);
            return snapshot.Symbols;
        });
    }
}
