using DevBot.Data;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Retrieval;

public sealed class ReindexTests
{
    private const string Version1 = "def legacy_total(items):\n    return sum(i.price for i in items)\n\n\ndef shipping_fee(weight):\n    return 5 + weight * 2\n";
    private const string Version2 = "def invoice_total(items):\n    return sum(i.price * i.quantity for i in items)\n";

    [Fact]
    public async Task Reindexing_an_edited_file_replaces_its_chunks_and_search_no_longer_finds_the_old_code()
    {
        await using var database = await RetrievalDatabase.CreateAsync();
        var projectId = await database.CreateProjectAsync();
        await database.IndexAsync(projectId, [("shop/totals.py", Version1), ("shop/cart.py", "from shop.totals import legacy_total\n")]);
        (await LexicalPathsAsync(database, projectId, "legacy")).ShouldBe(["shop/cart.py", "shop/totals.py"], ignoreOrder: true);

        var result = await database.IndexAsync(projectId, [("shop/totals.py", Version2), ("shop/cart.py", "from shop.totals import legacy_total\n")]);

        result.FilesIndexed.ShouldBe(1);
        result.FilesUnchanged.ShouldBe(1);
        (await LexicalPathsAsync(database, projectId, "legacy shipping")).ShouldBe(["shop/cart.py"]);
        (await LexicalPathsAsync(database, projectId, "invoice quantity")).ShouldBe(["shop/totals.py"]);
        var stored = await database.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<StoredChunk>()
            .Where(c => c.ProjectId == projectId && c.Path == "shop/totals.py").ToListAsync());
        stored.Count.ShouldBe(1);
        stored[0].Content.ShouldBe(Version2.TrimEnd('\n'));
        stored.ShouldAllBe(c => !c.Content.Contains("legacy_total") && !c.Content.Contains("shipping_fee"));
    }

    [Fact]
    public async Task Removing_a_file_removes_its_chunks_and_its_symbols()
    {
        await using var database = await RetrievalDatabase.CreateAsync();
        var projectId = await database.CreateProjectAsync();
        await database.IndexAsync(projectId, SampleProject.Files);

        await database.IndexAsync(projectId, [], "app/billing.py");

        var snapshot = await database.InScopeAsync(s => s.GetRequiredService<ProjectIndexCache>().GetAsync(s.GetRequiredService<DevBotDbContext>(), projectId, CancellationToken.None));
        snapshot.Files.Keys.ShouldNotContain("app/billing.py");
        snapshot.Chunks.ShouldAllBe(c => c.Path != "app/billing.py");
        snapshot.Symbols.DefiningFiles.Keys.ShouldNotContain("BillingService");
        (await database.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<StoredChunk>().CountAsync(c => c.Path == "app/billing.py"))).ShouldBe(0);
    }

    [Fact]
    public async Task A_search_in_another_process_sees_a_reindex_at_its_next_query()
    {
        await using var writer = await RetrievalDatabase.CreateAsync();
        var projectId = await writer.CreateProjectAsync();
        await writer.IndexAsync(projectId, [("shop/totals.py", Version1)]);
        var url = await writer.InScopeAsync(s => Task.FromResult(s.GetRequiredService<DevBotDbContext>().Database.GetConnectionString()!));
        await using var reader = await RetrievalDatabase.CreateAsync(url);

        (await LexicalPathsAsync(reader, projectId, "legacy")).ShouldBe(["shop/totals.py"]);
        await writer.IndexAsync(projectId, [("shop/totals.py", Version2), ("shop/fees.py", "def shipping_fee(weight):\n    return 4\n")]);

        (await LexicalPathsAsync(reader, projectId, "legacy")).ShouldBeEmpty();
        (await LexicalPathsAsync(reader, projectId, "shipping")).ShouldBe(["shop/fees.py"]);
    }

    private static Task<List<string>> LexicalPathsAsync(RetrievalDatabase database, Guid projectId, string query) =>
        database.InScopeAsync(async s =>
        {
            var results = await s.GetRequiredService<CodeSearch>().SearchAsync(projectId, query);
            return results.Lexical.Select(i => results.Snapshot.Chunks[i].Path).Distinct().ToList();
        });
}
