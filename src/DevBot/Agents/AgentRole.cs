using DevBot.Llm;

namespace DevBot.Agents;

/// <summary>Token counts of a typical call: what estimates assume before a model and role have history.</summary>
public sealed record TokenProfile(int PromptTokens, int CompletionTokens);

/// <summary>
/// One kind of agent call: which model setting answers it, which prompt files it renders, what a typical call
/// costs in tokens, and the most it may answer. Adding a role is one entry in <see cref="AgentRoles"/> plus its
/// prompt files under <c>Agents/Prompts</c>.
/// </summary>
/// <param name="Name">The prompt files' base name (<c>Prompts/{Name}.system.md</c>, <c>Prompts/{Name}.user.md</c>).</param>
/// <param name="Model">Whose model answers (<c>LLM_MODEL_ARCHITECT</c>, <c>_IMPLEMENTER</c>, <c>_REVIEWER</c>, else <c>LLM_MODEL</c>).</param>
/// <param name="MaxOutputTokens">The most this role's answer may take (never above <c>LLM_MAX_OUTPUT_TOKENS</c>); null = that setting.</param>
public sealed record AgentRole(string Name, LlmRole Model, TokenProfile Typical, int? MaxOutputTokens)
{
    /// <summary>The completion tokens requested for a call of this role.</summary>
    public int MaxOutputTokensWithin(int configuredMaximum) =>
        MaxOutputTokens is { } own ? Math.Min(own, configuredMaximum) : configuredMaximum;
}

/// <summary>Every agent role DevBot uses.</summary>
public static class AgentRoles
{
    /// <summary>The architect turns a request into a plan: reads a description, writes about a page.</summary>
    public static readonly AgentRole Planner = new("plan", LlmRole.Architect, new TokenProfile(1_500, 1_200), null);

    /// <summary>The implementer writes one task's files: reads the plan and code, writes a few files.</summary>
    public static readonly AgentRole Implementer = new("implement", LlmRole.Implementer, new TokenProfile(3_000, 2_000), null);

    /// <summary>The reviewer judges one attempt: reads the files, writes a short verdict.</summary>
    public static readonly AgentRole Reviewer = new("review", LlmRole.Reviewer, new TokenProfile(3_500, 300), 2_048);

    /// <summary>The architect documents the finished project: reads the files, writes the README.</summary>
    public static readonly AgentRole Documenter = new("readme", LlmRole.Architect, new TokenProfile(1_500, 1_200), 6_144);

    /// <summary>The implementer fixing the code from a failed test run: reads the failures and the files involved, writes edits.</summary>
    public static readonly AgentRole Fixer = new("fix", LlmRole.Implementer, new TokenProfile(5_000, 1_500), null);

    /// <summary>The architect planning a change of a delivered project from the user's instruction and the code.</summary>
    public static readonly AgentRole ChangePlanner = new("change", LlmRole.Architect, new TokenProfile(4_000, 1_000), null);

    public static IReadOnlyList<AgentRole> All { get; } = [Planner, Implementer, Reviewer, Documenter, Fixer, ChangePlanner];
}
