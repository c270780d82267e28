namespace DevBot.OpenApi;

/// <summary>A group of operations in the document, with the sentence a reader of the document sees for it.</summary>
public sealed record ApiTag(string Name, string Description);

/// <summary>
/// The document's table of contents: every tag an endpoint uses (<c>.WithApiTag(ApiTags.Projects)</c>) and its
/// description. A tag used without a description here fails the OpenAPI tests.
/// </summary>
public static class ApiTags
{
    public static readonly ApiTag Projects = new("Projects",
        "Describe a project and follow its build: status, plan, files, live events, cost, cancel, continue, and the delivered ZIP.");

    public static readonly ApiTag Account = new("Account", "You: balance and usage, your credit ledger, your API keys.");

    public static readonly ApiTag Billing = new("Billing", "Model prices, credit packs and buying them (Stripe Checkout and its webhook).");

    public static readonly ApiTag Admin = new("Admin", "Administrators only: model prices, credit grants, the audit log.");

    public static readonly ApiTag Telegram = new("Telegram",
        "The Telegram bot's endpoints: its webhook, linking a Telegram account, signed downloads of large archives. Present only with TELEGRAM_BOT_TOKEN set.");

    public static readonly ApiTag Operations = new("Operations", "For operators and probes, without an API key: liveness, readiness, Prometheus metrics.");

    public static IReadOnlyList<ApiTag> All { get; } = [Projects, Account, Billing, Admin, Telegram, Operations];
}
