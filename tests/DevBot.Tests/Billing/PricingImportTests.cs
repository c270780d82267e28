using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Audit;
using DevBot.Billing.Pricing;
using DevBot.Data;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Billing;

/// <summary><c>devbot pricing import</c> against a stand-in of OpenRouter's model list, and the warnings for configured models without a price.</summary>
public sealed class PricingImportTests
{
    private const string Qwen = "qwen/qwen-2.5-coder-32b-instruct";
    private const string Reasoner = "vendor/reasoner-large";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("0.00000006", "0.06")]
    [InlineData("0.000003", "3")]
    [InlineData("0.0000000001", "0.0001")]
    [InlineData("1e-7", "0.1")]
    [InlineData("0", "0")]
    public void A_published_usd_per_token_price_becomes_usd_per_million_tokens(string perToken, string perMillion) =>
        OpenRouterPriceList.PerMillion(perToken).ShouldBe(decimal.Parse(perMillion, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("free")]
    [InlineData("1000")]
    public void A_price_that_is_not_a_fixed_per_token_price_is_not_imported(string? perToken) =>
        OpenRouterPriceList.PerMillion(perToken).ShouldBeNull();

    [Fact]
    public async Task Named_models_get_their_published_prices_as_audited_operator_prices()
    {
        await using var openRouter = await OpenRouterStandIn.StartAsync();
        using var work = new TempDirectory();
        var environment = Settings(work);

        await using var import = DevBotProcess.Start(environment, work.Path, "pricing", "import", "--url", openRouter.ModelsUrl, "--model", Qwen);
        var exitCode = await import.WaitForExitAsync(Timeout);

        exitCode.ShouldBe(0, import.Output);
        import.StandardOutput.ShouldContain($"{Qwen}: 0.06 USD in, 0.15 USD out per million tokens.");
        openRouter.Requests.ShouldHaveSingleItem();
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", environment["DATABASE_URL"], runWorkers: false);
        var price = (await host.InScopeAsync(s => s.GetRequiredService<PriceBook>().ListAsync(CancellationToken.None))).Single(p => p.Model == Qwen);
        (price.InputUsdPerMillion, price.OutputUsdPerMillion, price.Provider, price.Source, price.Active).ShouldBe((0.06m, 0.15m, "openrouter", PriceSource.Operator, true));
        var audit = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<AuditEntry>().AsNoTracking().ToListAsync());
        var entry = audit.ShouldHaveSingleItem();
        (entry.Action, entry.Actor).ShouldBe(("pricing.import", "cli"));
        entry.Details.ShouldContain(Qwen);
        entry.Details.ShouldContain(openRouter.ModelsUrl);
    }

    [Fact]
    public async Task Without_models_the_configured_ones_are_priced_and_those_not_listed_are_named()
    {
        await using var openRouter = await OpenRouterStandIn.StartAsync();
        using var work = new TempDirectory();
        var environment = Settings(work);
        environment["LLM_MODEL"] = Qwen;
        environment["LLM_MODEL_REVIEWER"] = Reasoner;
        environment["LLM_MODEL_ARCHITECT"] = "local-coder:7b";

        await using var import = DevBotProcess.Start(environment, work.Path, "pricing", "import", "--url", openRouter.ModelsUrl);
        var exitCode = await import.WaitForExitAsync(Timeout);

        exitCode.ShouldBe(0, import.Output);
        import.StandardError.ShouldContain("local-coder:7b");
        var prices = await PricesAsync(environment);
        prices[Qwen].ShouldBe((0.06m, 0.15m));
        prices[Reasoner].ShouldBe((3m, 15m));
        prices.ShouldNotContainKey("local-coder:7b");
    }

    [Fact]
    public async Task A_named_model_the_list_lacks_stores_nothing_and_exits_non_zero_naming_it()
    {
        await using var openRouter = await OpenRouterStandIn.StartAsync();
        using var work = new TempDirectory();
        var environment = Settings(work);

        await using var import = DevBotProcess.Start(environment, work.Path, "pricing", "import", "--url", openRouter.ModelsUrl, "--model", Qwen, "--model", "vendor/typo");
        var exitCode = await import.WaitForExitAsync(Timeout);

        exitCode.ShouldBe(1, import.Output);
        import.StandardError.ShouldContain("vendor/typo");
        (await PricesAsync(environment)).ShouldNotContainKey(Qwen);
    }

    [Fact]
    public async Task All_imports_every_fixed_price_and_skips_a_router_without_one()
    {
        await using var openRouter = await OpenRouterStandIn.StartAsync();
        using var work = new TempDirectory();
        var environment = Settings(work);

        await using var import = DevBotProcess.Start(environment, work.Path, "pricing", "import", "--from", "openrouter", "--url", openRouter.ModelsUrl, "--all");
        var exitCode = await import.WaitForExitAsync(Timeout);

        exitCode.ShouldBe(0, import.Output);
        var prices = await PricesAsync(environment);
        prices[Qwen].ShouldBe((0.06m, 0.15m));
        prices[Reasoner].ShouldBe((3m, 15m));
        prices["vendor/tiny:free"].ShouldBe((0m, 0m));
        prices.ShouldNotContainKey("openrouter/auto");
    }

    [Fact]
    public async Task A_list_that_cannot_be_read_is_reported_in_one_sentence()
    {
        using var work = new TempDirectory();
        var environment = Settings(work);

        await using var import = DevBotProcess.Start(environment, work.Path, "pricing", "import", "--url", $"http://127.0.0.1:{FreeTcpPort.Next()}/api/v1/models", "--model", Qwen);
        var exitCode = await import.WaitForExitAsync(Timeout);

        exitCode.ShouldBe(1, import.Output);
        import.ErrorLines.ShouldHaveSingleItem().ShouldContain("could not be reached");
        import.Output.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Readiness_names_each_configured_model_without_a_price_and_the_command_that_prices_it_until_it_is_priced()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, runWorkers: false, settings: BillingTestHost.Metered(
            ("LLM_MODEL", "vendor/unpriced"), ("LLM_MODEL_REVIEWER", "gpt-4o-mini")));
        using var http = host.CreateClient();

        var before = (await http.GetFromJsonAsync<JsonElement>("/health/ready", TestContext.Current.CancellationToken)).GetProperty("checks").GetProperty("pricing");
        await host.PriceAsync("vendor/unpriced", 1m, 2m);
        var after = (await http.GetFromJsonAsync<JsonElement>("/health/ready", TestContext.Current.CancellationToken)).GetProperty("checks").GetProperty("pricing");

        before.GetProperty("status").GetString().ShouldBe("Degraded");
        var description = before.GetProperty("description").GetString()!;
        description.ShouldContain("'vendor/unpriced' (LLM_MODEL)");
        description.ShouldContain("devbot pricing import --model vendor/unpriced");
        description.ShouldNotContain("gpt-4o-mini", customMessage: "the shipped list prices it");
        after.GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Start_up_warns_about_each_configured_model_without_a_price_with_the_command_that_prices_it()
    {
        using var work = new TempDirectory();
        var environment = Settings(work);
        environment["LLM_MODEL_IMPLEMENTER"] = "vendor/unpriced";
        environment["ALLOW_UNPRICED_MODELS"] = "false";

        await using var worker = DevBotProcess.Start(environment, work.Path, "worker");
        await worker.WaitForOutputAsync("vendor/unpriced", Timeout);
        await worker.StopAsync(Timeout);
        worker.StandardOutput.ShouldContain("warn: DevBot.Billing.Pricing.PriceListSeeding");
        worker.StandardOutput.ShouldContain("The model 'vendor/unpriced' (LLM_MODEL_IMPLEMENTER) has no price");
        worker.StandardOutput.ShouldContain("devbot pricing import --model vendor/unpriced");
    }

    private static Dictionary<string, string?> Settings(TempDirectory work) =>
        DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);

    private static async Task<Dictionary<string, (decimal Input, decimal Output)>> PricesAsync(IReadOnlyDictionary<string, string?> environment)
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", environment["DATABASE_URL"], runWorkers: false);
        var prices = await host.InScopeAsync(s => s.GetRequiredService<PriceBook>().ListAsync(CancellationToken.None));
        return prices.Where(p => p.Source == PriceSource.Operator).ToDictionary(p => p.Model, p => (p.InputUsdPerMillion, p.OutputUsdPerMillion));
    }
}
