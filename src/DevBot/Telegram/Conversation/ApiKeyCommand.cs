using System.Globalization;
using System.Text;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Outbox;
using DevBot.Users;

namespace DevBot.Telegram.Conversation;

/// <summary><c>/apikey</c> (a new key, shown once), <c>/apikey list</c>, <c>/apikey revoke ID</c> (a key's id or its prefix).</summary>
public sealed class ApiKeyCommand(ApiKeys keys, TelegramOutbox outbox)
{
    private const string Usage = "Send /apikey for a new API key, /apikey list to see yours, /apikey revoke ID to revoke one.";

    public async Task HandleAsync(ChatContext context, string argument, CancellationToken cancellationToken)
    {
        var words = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (words.FirstOrDefault()?.ToLowerInvariant())
        {
            case null or "new":
                await IssueAsync(context, cancellationToken);
                break;
            case "list":
                await ListAsync(context, cancellationToken);
                break;
            case "revoke" when words.Length == 2:
                await RevokeAsync(context, words[1], cancellationToken);
                break;
            default:
                outbox.Send(context.ChatId, Usage);
                break;
        }
    }

    private async Task IssueAsync(ChatContext context, CancellationToken cancellationToken)
    {
        switch (await keys.IssueAsync(context.User.Id, "telegram", context.Actor, cancellationToken))
        {
            case IssuedApiKey issued:
                outbox.SendSecret(context.ChatId,
                    "Your new API key — shown this once only, so keep it somewhere safe:\n\n"
                    + TelegramHtml.Code(issued.Secret)
                    + "\n\nSend it as <code>Authorization: Bearer &lt;key&gt;</code> to the DevBot HTTP API. You can delete this message now.");
                break;
            case TooManyApiKeys full:
                outbox.Send(context.ChatId, $"You have {full.Active} active API keys, the most allowed: revoke one first (/apikey list shows them).");
                break;
        }
    }

    private async Task ListAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var all = await keys.ListAsync(context.User.Id, cancellationToken);
        if (all.Count == 0)
        {
            outbox.Send(context.ChatId, "You have no API keys. Send /apikey for one.");
            return;
        }

        var text = new StringBuilder("<b>Your API keys</b>\n");
        foreach (var key in all.Take(20))
        {
            text.Append('\n').Append(TelegramHtml.Code(key.Prefix + "…"));
            if (key.Label is { } label)
            {
                text.Append(' ').Append(TelegramHtml.Escape($"({label})"));
            }

            text.Append(" — created ").Append(Time(key.CreatedAt))
                .Append(key.LastUsedAt is { } used ? $", last used {Time(used)}" : ", never used")
                .Append(key.RevokedAt is { } revoked ? $", <b>revoked</b> {Time(revoked)}" : string.Empty)
                .Append("\nid ").Append(TelegramHtml.Code(key.Id.ToString()));
        }

        outbox.Send(context.ChatId, text.Append("\n\nRevoke one with /apikey revoke ID (the id or the prefix).").ToString());
    }

    private async Task RevokeAsync(ChatContext context, string which, CancellationToken cancellationToken)
    {
        var active = (await keys.ListAsync(context.User.Id, cancellationToken)).Where(k => k.Active).ToList();
        var prefix = which.TrimEnd('…', '.');
        var matches = active.Where(k => k.Id.ToString().Equals(which, StringComparison.OrdinalIgnoreCase) || k.Prefix == prefix).ToList();
        if (matches.Count != 1)
        {
            outbox.Send(context.ChatId, matches.Count == 0
                ? "You have no active API key with that id or prefix; /apikey list shows them."
                : "More than one of your keys starts like that; use its id from /apikey list.");
            return;
        }

        await keys.RevokeAsync(context.User.Id, matches[0].Id, context.Actor, cancellationToken);
        outbox.Send(context.ChatId, $"Revoked {TelegramHtml.Code(matches[0].Prefix + "…")}: requests with it are refused from now on.");
    }

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
