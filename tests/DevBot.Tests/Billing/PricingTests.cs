using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevBot.Audit;
using DevBot.Users;
using DevBot.Billing.Pricing;
using DevBot.Data;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Billing;

public sealed class PricingTests
{
    [Fact]
    public void The_shipped_price_list_is_dated_names_each_model_once_and_prices_local_models_at_zero()
    {
        var list = SeedPriceList.Load();

        DateOnly.TryParse(list.PricesAsOf, System.Globalization.CultureInfo.InvariantCulture, out _).ShouldBeTrue();
        list.Currency.ShouldBe("USD");
        list.Models.Count.ShouldBeGreaterThan(20);
        list.Models.Where(m => m.Provider == "ollama").ShouldAllBe(m => m.Input == 0m && m.Output == 0m);
        list.Models.ShouldContain(m => m.Model == "qwen2.5-coder:7b", "the default LLM_MODEL must be priced");
        list.Models.Where(m => m.Provider != "ollama").ShouldAllBe(m => m.Input > 0m && m.Output >= m.Input);
        list.Models.Single(m => m.Model == "gpt-4o-mini").ShouldBe(new SeedPrice("openai", "gpt-4o-mini", 0.15m, 0.60m));
    }

    [Fact]
    public async Task Serve_seeds_the_shipped_prices_and_users_can_see_them_with_the_credit_conversion()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        var alice = await host.CreateUserAsync();

        var pricing = await alice.Http.GetFromJsonAsync<JsonElement>("/api/v1/pricing");

        pricing.GetProperty("creditValueUsd").GetDecimal().ShouldBe(0.01m);
        pricing.GetProperty("markupFactor").GetDecimal().ShouldBe(1.5m);
        var models = pricing.GetProperty("models").EnumerateArray().ToList();
        models.Count.ShouldBe(SeedPriceList.Load().Models.Count);
        var mini = models.Single(m => m.GetProperty("model").GetString() == "gpt-4o-mini");
        mini.GetProperty("inputUsdPerMillion").GetDecimal().ShouldBe(0.15m);
        mini.GetProperty("source").GetString().ShouldBe("seed");
    }

    [Fact]
    public async Task A_new_price_list_updates_seed_prices_but_never_an_operators_price()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        await host.InScopeAsync(s => s.GetRequiredService<PriceBook>().SetAsync(new PriceChange("gpt-4o", 9m, 99m), Actor.CommandLine, CancellationToken.None));
        var shipped = SeedPriceList.Load();
        var next = shipped with
        {
            Models = [.. shipped.Models.Select(m => m.Model is "gpt-4o" or "gpt-4o-mini" ? m with { Input = 1.23m } : m), new SeedPrice("acme", "acme-coder", 1m, 2m)],
        };

        var changed = await host.InScopeAsync(s => s.GetRequiredService<PriceBook>().SeedAsync(next, CancellationToken.None));
        var again = await host.InScopeAsync(s => s.GetRequiredService<PriceBook>().SeedAsync(next, CancellationToken.None));

        changed.ShouldBe(2, "gpt-4o-mini updated and acme-coder added; the operator's gpt-4o kept");
        again.ShouldBe(0);
        var prices = (await host.InScopeAsync(s => s.GetRequiredService<PriceBook>().ListAsync(CancellationToken.None))).ToDictionary(p => p.Model);
        prices["gpt-4o"].InputUsdPerMillion.ShouldBe(9m);
        prices["gpt-4o"].Source.ShouldBe(PriceSource.Operator);
        prices["gpt-4o-mini"].InputUsdPerMillion.ShouldBe(1.23m);
        prices["acme-coder"].Provider.ShouldBe("acme");
    }

    [Fact]
    public async Task An_admin_sets_a_price_over_http_and_the_change_is_audited_with_before_and_after()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        var admin = await host.CreateUserAsync("root", admin: true);

        var response = await admin.Http.PutAsJsonAsync("/api/v1/admin/pricing",
            new { model = "gpt-4o-mini", inputUsdPerMillion = 0.2m, outputUsdPerMillion = 0.8m });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var price = await response.Content.ReadFromJsonAsync<JsonElement>();
        price.GetProperty("source").GetString().ShouldBe("operator");
        price.GetProperty("outputUsdPerMillion").GetDecimal().ShouldBe(0.8m);
        // Users and keys created for the test are audited too; this test is about the price change.
        var audit = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<AuditEntry>().AsNoTracking().Where(e => e.Action.StartsWith("pricing.")).ToListAsync());
        var entry = audit.ShouldHaveSingleItem();
        entry.Action.ShouldBe("pricing.set");
        entry.UserId.ShouldBe(admin.Id);
        entry.Actor.ShouldBe($"api:{admin.Id}");
        var details = JsonDocument.Parse(entry.Details).RootElement;
        details.GetProperty("before").GetProperty("inputUsdPerMillion").GetDecimal().ShouldBe(0.15m);
        details.GetProperty("after").GetProperty("inputUsdPerMillion").GetDecimal().ShouldBe(0.2m);
    }

    [Fact]
    public async Task Changing_prices_needs_an_administrator()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        var alice = await host.CreateUserAsync("alice");

        var response = await alice.Http.PutAsJsonAsync("/api/v1/admin/pricing", new { model = "gpt-4o-mini", inputUsdPerMillion = 0m, outputUsdPerMillion = 0m });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await alice.Http.GetAsync("/api/v1/admin/pricing")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.InScopeAsync(s => s.GetRequiredService<PriceBook>().FindActiveAsync("gpt-4o-mini", CancellationToken.None)))!
            .InputUsdPerMillion.ShouldBe(0.15m);
    }

    [Fact]
    public async Task Invalid_prices_are_refused_with_a_validation_problem_naming_each_field()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        var admin = await host.CreateUserAsync("root", admin: true);

        var response = await admin.Http.PutAsJsonAsync("/api/v1/admin/pricing", new { model = " ", inputUsdPerMillion = -1m });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("model", out _).ShouldBeTrue();
        errors.TryGetProperty("inputUsdPerMillion", out _).ShouldBeTrue();
        errors.TryGetProperty("outputUsdPerMillion", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Admin_credit_grants_are_audited_and_validated()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", runWorkers: false);
        var admin = await host.CreateUserAsync("root", admin: true);
        var alice = await host.CreateUserAsync("alice");

        var refund = await admin.Http.PostAsJsonAsync($"/api/v1/admin/users/{alice.Id}/credits", new { amount = -2.5m, kind = "adjustment", description = "correction" });
        var badGrant = await admin.Http.PostAsJsonAsync($"/api/v1/admin/users/{alice.Id}/credits", new { amount = -1m, kind = "grant" });
        var unknown = await admin.Http.PostAsJsonAsync($"/api/v1/admin/users/{Guid.NewGuid()}/credits", new { amount = 1m });
        var notAdmin = await alice.Http.PostAsJsonAsync($"/api/v1/admin/users/{alice.Id}/credits", new { amount = 1000m });

        refund.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refund.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetDecimal().ShouldBe(97.5m);
        badGrant.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        notAdmin.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.BalanceAsync(alice.Id)).ShouldBe(97.5m);
        var audit = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<AuditEntry>().AsNoTracking().Where(e => e.Action.StartsWith("credits.")).ToListAsync());
        audit.ShouldHaveSingleItem().Action.ShouldBe("credits.adjustment");
        await host.ShouldBeConsistentAsync();
    }

    [Theory]
    [InlineData("MARKUP_FACTOR", "0")]
    [InlineData("PLATFORM_CREDIT_VALUE_USD", "-0.01")]
    [InlineData("MAX_CREDITS_PER_BUILD", "0")]
    [InlineData("INITIAL_CREDITS", "-5")]
    [InlineData("CREDIT_PACKS", "starter:500")]
    public async Task Invalid_billing_settings_stop_the_start_with_the_variable_named(string variable, string value)
    {
        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => DevBotTestHost.StartAsync(
            "http://127.0.0.1:9/v1", runWorkers: false, settings: new Dictionary<string, string?> { [variable] = value }));
        error.Message.ShouldContain(variable);
    }
}
