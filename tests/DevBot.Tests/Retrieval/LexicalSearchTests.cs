using DevBot.Retrieval.Lexical;
using DevBot.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Retrieval;

public sealed class LexicalSearchTests
{
    [Fact]
    public void Identifiers_are_split_on_case_underscores_and_acronyms_and_kept_whole()
    {
        TermSplitter.Terms("parseHTTPHeader user_service_v2 UserServices").ShouldBe(
            ["parse", "http", "header", "parsehttpheader", "user", "service", "userservicev2", "user", "service", "userservices"]);
        TermSplitter.Terms("the entries of a class and its status").ShouldBe(["entry", "class", "status"]);
    }

    [Fact]
    public void Bm25_ranks_the_chunk_with_the_rare_query_terms_first_and_returns_only_matching_chunks()
    {
        var index = new Bm25Index(
        [
            Doc("user", "user", "email", "password"),
            Doc("user", "pbkdf2", "password", "hash"),
            Doc("invoice", "user", "amount"),
            Doc("readme", "flask"),
        ]);

        var hits = index.Search(TermSplitter.Terms("pbkdf2 password for a user"), 10);

        hits.Select(h => h.Document).ShouldBe([1, 0, 2]);
        hits[0].Score.ShouldBeGreaterThan(hits[1].Score);
        index.Search(["nothing"], 10).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("pbkdf2 password hashing", "app/auth.py")]
    [InlineData("what does the statement say is due in EUR", "app/billing.py")]
    [InlineData("sqlite connection execute fetchall", "app/repository.py")]
    [InlineData("the flask login route", "app/api.py")]
    public async Task Lexical_search_over_an_indexed_project_finds_the_file_that_answers(string query, string expectedPath)
    {
        await using var database = await RetrievalDatabase.CreateAsync();
        var projectId = await database.CreateProjectAsync();
        await database.IndexAsync(projectId, SampleProject.Files);

        var results = await database.InScopeAsync(s => s.GetRequiredService<CodeSearch>().SearchAsync(projectId, query));

        results.Snapshot.Chunks[results.Lexical[0]].Path.ShouldBe(expectedPath);
        results.Vector.ShouldBeNull("no embedding endpoint is configured");
        results.Hybrid.ShouldNotBeEmpty();
    }

    private static List<TermCount> Doc(params string[] terms) =>
        terms.GroupBy(t => t).Select(g => new TermCount(g.Key, g.Count())).ToList();
}
