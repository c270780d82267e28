using DevBot.Llm;

namespace DevBot.Billing.CostControl;

/// <summary>A model call the build is about to make: who pays, whose model answers, and its bounds.</summary>
public sealed record CallAdmission(Guid? ProjectId, Guid UserId, LlmRole Role, LlmCallBounds Bounds);

/// <summary>The budget's answer before a model call.</summary>
public abstract record BudgetDecision
{
    public static readonly BudgetDecision Proceed = new Admitted();

    /// <summary>The call fits: make it.</summary>
    public sealed record Admitted : BudgetDecision;

    /// <summary>The call could cross the build's limit or the balance: stop before it and wait for credits or a "continue".</summary>
    public sealed record Paused(PauseCause Cause, string Reason) : BudgetDecision;

    /// <summary>The call may not be made as configured (no price for the model): the build cannot go on.</summary>
    public sealed record Refused(string Reason) : BudgetDecision;
}
