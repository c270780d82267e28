using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Retrieval;

/// <summary>A whole build through the real host: a later task's prompt carries earlier code that it never names.</summary>
public abstract class RetrievalBuildEndToEndTests
{
    private static readonly ScriptedTask[] Tasks =
    [
        new("Data model", "Create the product and warehouse classes.", "inventory/models.py", """
            from dataclasses import dataclass


            @dataclass
            class Product:
                sku: str
                name: str
                quantity: int = 0


            class Warehouse:
                def __init__(self):
                    self.products: dict[str, Product] = {}

                def restock(self, sku: str, amount: int) -> None:
                    self.products[sku].quantity += amount

                def remove(self, sku: str, amount: int) -> None:
                    if self.products[sku].quantity < amount:
                        raise ValueError(f"not enough {sku}")
                    self.products[sku].quantity -= amount

            """),
        new("Price list", "Add unit prices per SKU with a lookup function.", "inventory/pricing.py", """
            PRICES = {"apple": 0.5, "pear": 0.75}


            def unit_price(sku: str) -> float:
                return PRICES.get(sku, 0.0)

            """),
        new("Stock report", "Print each product's quantity and restock the ones running low.", "inventory/report.py", """
            LOW = 5


            def report(warehouse) -> None:
                for product in warehouse.products.values():
                    print(product.sku, product.quantity)
                    if product.quantity < LOW:
                        warehouse.restock(product.sku, LOW)

            """),
    ];

    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task A_later_task_gets_the_earlier_tasks_code_in_its_prompt_without_naming_the_file()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Tasks = Tasks, Title = "Inventory", RejectFirstReviewOf = new HashSet<int>() });
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(), new Dictionary<string, string?> { ["CONTEXT_TOKEN_BUDGET"] = "1500" });
        var alice = await host.CreateUserAsync();

        var accepted = await ProjectApi.SubmitAsync(alice.Http, "A small inventory tool in Python.");
        var project = await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id());

        project.GetProperty("status").GetString().ShouldBe("completed", project.ToString());
        Tasks[2].Details.ShouldNotContain("models");
        var implementations = llm.Requests.Where(r => r.Kind == ChatKind.Implement).ToDictionary(r => r.TaskIndex);
        implementations[1].LastUser.ShouldNotContain("# Relevant existing code", Case.Sensitive, "nothing was written before the first task");
        var third = implementations[3].LastUser;
        third.ShouldContain("# Relevant existing code");
        third.ShouldContain("### inventory/models.py (lines ");
        third.ShouldContain("    def restock(self, sku: str, amount: int) -> None:\n        self.products[sku].quantity += amount");
        var review = llm.Requests.Single(r => r.Kind == ChatKind.Review && r.TaskIndex == 3).LastUser;
        review.ShouldContain("# Other relevant code in the project");
        review.ShouldContain("class Warehouse");

        await using var scope = host.Services.CreateAsyncScope();
        var calls = await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == accepted.Id() && c.Outcome == LlmCallOutcome.Succeeded)
            .ToListAsync();
        calls.Single(c => c.CallKey == "task:1:implement#1").ContextTokens.ShouldBe(0);
        var implementThird = calls.Single(c => c.CallKey == "task:3:implement#1");
        implementThird.ContextTokens.ShouldBeInRange(1, 1500);
        var section = TokenEstimate.Of(third[(third.IndexOf("# Relevant existing code\n", StringComparison.Ordinal) + 25)..ContextEnd(third)]);
        implementThird.ContextTokens.ShouldBeInRange(section - 1, section + 1, "the recorded count is the context's own (the section's edges differ by a newline)");
        calls.Single(c => c.CallKey == "task:3:review:1#1").ContextTokens.ShouldBeInRange(1, 1500);
    }

    /// <summary>The context section ends where the prompt's next section (or the prompt) does.</summary>
    private static int ContextEnd(string prompt)
    {
        var next = prompt.IndexOf("\n# ", prompt.IndexOf("# Relevant existing code", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        return next < 0 ? prompt.Length : next;
    }
}

public sealed class SqliteRetrievalBuildEndToEndTests : RetrievalBuildEndToEndTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresRetrievalBuildEndToEndTests(PostgresServer postgres) : RetrievalBuildEndToEndTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
