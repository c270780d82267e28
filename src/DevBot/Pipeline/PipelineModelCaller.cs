using DevBot.Agents;
using DevBot.Billing.CostControl;
using DevBot.Jobs;
using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Pipeline;

/// <summary>
/// The build's one way to a model. For every call, in this order: a stored answer is replayed (free, no checks);
/// otherwise the job's lease is confirmed (a worker that lost its job never starts a paid call), the budget is
/// asked with the call's worst case (pause or refusal stops the build before anything is spent), and only then is
/// the model asked.
/// </summary>
internal sealed class PipelineModelCaller(
    LlmGateway gateway,
    BuildBudgets budgets,
    JobLease lease,
    Project project,
    int configuredMaxOutputTokens) : IModelCaller
{
    public async Task<ModelReply> AskAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        // Every call is keyed by the version being built, so a change's answers never collide with an earlier version's.
        request = request with { Key = request.Key.ForVersion(project.TargetVersion) };
        if (await gateway.FindStoredAsync(project.Id, request.Key, cancellationToken) is { } stored)
        {
            return new ModelReply.Answered(stored.Text);
        }

        await lease.EnsureHeldAsync(cancellationToken);
        var maxOutputTokens = request.Role.MaxOutputTokensWithin(configuredMaxOutputTokens);
        var bounds = LlmCallBounds.Of(request.Messages, maxOutputTokens, request.Schema);
        switch (await budgets.CheckAsync(new CallAdmission(project.Id, project.UserId, request.Role.Model, bounds), cancellationToken))
        {
            case BudgetDecision.Paused paused:
                return new ModelReply.Stopped(new ModelStop(ModelStopKind.Paused, paused.Reason));
            case BudgetDecision.Refused refused:
                return new ModelReply.Stopped(new ModelStop(ModelStopKind.Refused, refused.Reason));
        }

        var context = new LlmCallContext(project.Id, project.UserId, request.Key, request.Role.Model, maxOutputTokens, request.ContextTokens);
        var answer = await gateway.AskAsync(context, request.Messages, request.Schema, cancellationToken);
        return new ModelReply.Answered(answer.Text);
    }
}
