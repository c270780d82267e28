using DevBot.Llm;
using DevBot.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Retrieval;

public sealed class ContextAssemblerTests
{
    [Fact]
    public async Task Assembled_context_never_exceeds_its_token_budget()
    {
        await using var database = await RetrievalDatabase.CreateAsync();
        var projectId = await database.CreateProjectAsync();
        await database.IndexAsync(projectId, SampleProject.Files);
        string[] tasks = ["Add a password reset to LoginService", "Send the monthly statement by email", "x", ""];

        foreach (var task in tasks)
        {
            foreach (var budget in new[] { 0, 1, 20, 50, 100, 150, 200, 300, 450, 700, 1000, 1500, 3000, 100_000 })
            {
                var context = await database.InScopeAsync(s => s.GetRequiredService<ContextAssembler>().AssembleAsync(projectId, task, budget));

                context.Tokens.ShouldBeLessThanOrEqualTo(budget, $"task '{task}', budget {budget}");
                context.Tokens.ShouldBe(TokenEstimate.Of(context.Text));
            }
        }
    }

    [Fact]
    public async Task A_roomy_budget_gets_the_outline_and_the_relevant_code_a_tight_one_gets_less()
    {
        await using var database = await RetrievalDatabase.CreateAsync();
        var projectId = await database.CreateProjectAsync();
        await database.IndexAsync(projectId, SampleProject.Files);
        const string task = "Add a password reset endpoint next to the login route";

        var roomy = await database.InScopeAsync(s => s.GetRequiredService<ContextAssembler>().AssembleAsync(projectId, task, 3000));
        var tight = await database.InScopeAsync(s => s.GetRequiredService<ContextAssembler>().AssembleAsync(projectId, task, 400));

        roomy.Text.ShouldStartWith("## Repository outline");
        roomy.Text.ShouldContain("### app/api.py (lines 1-18)\n```python\nfrom flask import Flask, jsonify, request");
        roomy.Text.ShouldContain("class LoginService:");
        roomy.Chunks.Select(c => c.Path).ShouldContain("app/auth.py");
        tight.Chunks.Count.ShouldBeLessThan(roomy.Chunks.Count);
        tight.Tokens.ShouldBeLessThanOrEqualTo(400);
    }

    [Fact]
    public async Task Excluded_paths_never_appear_in_the_code_part()
    {
        await using var database = await RetrievalDatabase.CreateAsync();
        var projectId = await database.CreateProjectAsync();
        await database.IndexAsync(projectId, SampleProject.Files);

        var context = await database.InScopeAsync(s => s.GetRequiredService<ContextAssembler>()
            .AssembleAsync(projectId, "login route", 5000, ["app/api.py"]));

        context.Chunks.ShouldNotBeEmpty();
        context.Chunks.ShouldAllBe(c => c.Path != "app/api.py");
    }

    [Fact]
    public async Task A_project_without_indexed_code_gets_an_empty_context()
    {
        await using var database = await RetrievalDatabase.CreateAsync();
        var projectId = await database.CreateProjectAsync();

        var context = await database.InScopeAsync(s => s.GetRequiredService<ContextAssembler>().AssembleAsync(projectId, "anything", 1000));

        context.ShouldBe(AssembledContext.Empty);
    }
}
