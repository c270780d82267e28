using System.Globalization;
using DevBot.Telegram.Outbox;
using DevBot.Telegram.Texts;
using DevBot.Users;

namespace DevBot.Telegram.Conversation;

/// <summary><c>/apikey</c> (a new key, shown once), <c>/apikey list</c>, <c>/apikey revoke ID</c> (a key's id or its prefix).</summary>
public sealed class ApiKeyCommand(ApiKeys keys, TelegramOutbox outbox)
{
    /// <summary>At most this many keys are listed in one message (newest first); the HTTP API lists them all.</summary>
    private const int ListedKeys = 20;

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
                outbox.Send(context.ChatId, context.Words[TextKey.ApiKeyUsage]);
                break;
        }
    }

    private async Task IssueAsync(ChatContext context, CancellationToken cancellationToken)
    {
        switch (await keys.IssueAsync(context.User.Id, "telegram", context.Actor, cancellationToken))
        {
            case IssuedApiKey issued:
                outbox.SendSecret(context.ChatId, context.Words.Html(TextKey.ApiKeyIssued, ("key", HtmlFragment.Code(issued.Secret))));
                break;
            case TooManyApiKeys full:
                outbox.Send(context.ChatId, context.Words.Html(TextKey.ApiKeyTooMany, ("active", full.Active)));
                break;
        }
    }

    private async Task ListAsync(ChatContext context, CancellationToken cancellationToken)
    {
        var words = context.Words;
        var all = await keys.ListAsync(context.User.Id, cancellationToken);
        if (all.Count == 0)
        {
            outbox.Send(context.ChatId, words[TextKey.ApiKeyNone]);
            return;
        }

        var entries = all.Take(ListedKeys).Select(key => words.Html(TextKey.ApiKeyEntry,
            ("prefix", HtmlFragment.Code(key.Prefix + "…")),
            ("label", key.Label ?? "—"),
            ("created", Time(key.CreatedAt)),
            ("used", key.LastUsedAt is { } used ? words.Plain(TextKey.ApiKeyLastUsed, ("time", Time(used))) : words[TextKey.ApiKeyNeverUsed]),
            ("revoked", key.RevokedAt is { } revoked ? words.Plain(TextKey.ApiKeyRevokedAt, ("time", Time(revoked))) : string.Empty),
            ("id", HtmlFragment.Code(key.Id.ToString()))));
        outbox.Send(context.ChatId, words.Html(TextKey.ApiKeyList, ("keys", HtmlFragment.Join("\n\n", entries))));
    }

    private async Task RevokeAsync(ChatContext context, string which, CancellationToken cancellationToken)
    {
        var active = (await keys.ListAsync(context.User.Id, cancellationToken)).Where(k => k.Active).ToList();
        var prefix = which.TrimEnd('…', '.');
        var matches = active.Where(k => k.Id.ToString().Equals(which, StringComparison.OrdinalIgnoreCase) || k.Prefix == prefix).ToList();
        if (matches.Count != 1)
        {
            outbox.Send(context.ChatId, context.Words[matches.Count == 0 ? TextKey.ApiKeyRevokeUnknown : TextKey.ApiKeyRevokeAmbiguous]);
            return;
        }

        await keys.RevokeAsync(context.User.Id, matches[0].Id, context.Actor, cancellationToken);
        outbox.Send(context.ChatId, context.Words.Html(TextKey.ApiKeyRevoked, ("prefix", HtmlFragment.Code(matches[0].Prefix + "…"))));
    }

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
