using DevBot.Billing.Ledger;
using DevBot.Billing;
using DevBot.Data;
using DevBot.Llm;
using DevBot.Tests.Billing;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Llm;

/// <summary>The gateway's promise per step: answered once, stored once, charged once — on both databases.</summary>
public abstract class LlmGatewayTests
{
    private static readonly ModelRate Rate = new(BillingTestHost.Model, 3.0m, 15.0m);

    protected abstract Task<string?> NewDatabaseUrlAsync();

    [Fact]
    public async Task Two_workers_answering_the_same_step_at_once_keep_one_answer_charged_once_and_both_go_on_with_it()
    {
        // Both requests are held until both have reached the model: then both answers come back to be stored, as when
        // a worker that lost its lease mid-call wakes while its replacement asks the same step.
        var arrived = 0;
        var bothArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.BeforeAnswer = _ =>
        {
            if (Interlocked.Increment(ref arrived) == 2)
            {
                bothArrived.TrySetResult();
            }

            return bothArrived.Task;
        };
        await using var host = await DevBotTestHost.StartAsync(llm.BaseUrl, await NewDatabaseUrlAsync(), BillingTestHost.Metered(), runWorkers: false);
        await host.PriceAsync(Rate.Model, Rate.InputUsdPerMillion, Rate.OutputUsdPerMillion);
        var alice = await host.CreateUserAsync();
        var projectId = (await ProjectApi.SubmitAsync(alice.Http)).Id();

        Task<LlmAnswer> AskPlanAsync() => host.InScopeAsync(s => s.GetRequiredService<LlmGateway>().AskAsync(
            new LlmCallContext(projectId, alice.Id, CallKey.Plan(), LlmRole.Architect, MaxOutputTokens: 1000),
            [new LlmMessage(LlmMessageRole.User, "Plan a command line temperature converter.")], null, CancellationToken.None));
        var answers = await Task.WhenAll(AskPlanAsync(), AskPlanAsync());

        llm.Requests.Count.ShouldBe(2, "both asked the model");
        answers.Select(a => a.CallId).Distinct().Count().ShouldBe(1, "both go on with the one stored answer");
        answers.Count(a => a.Replayed).ShouldBe(1);
        var stored = await host.InScopeAsync(s => s.GetRequiredService<DevBotDbContext>().Set<LlmCall>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && c.Outcome == LlmCallOutcome.Succeeded).ToListAsync());
        stored.Count.ShouldBe(1);
        (await host.TransactionsAsync(alice.Id)).Count(t => t.Kind == CreditTransactionKind.Usage).ShouldBe(1, "the dropped answer is not charged");
        await host.ShouldBeConsistentAsync();
    }
}

public sealed class SqliteLlmGatewayTests : LlmGatewayTests
{
    protected override Task<string?> NewDatabaseUrlAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresLlmGatewayTests(PostgresServer postgres) : LlmGatewayTests
{
    protected override async Task<string?> NewDatabaseUrlAsync() => await postgres.CreateDatabaseAsync();
}
