using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DevBot.Projects;
using DevBot.Storage;
using DevBot.Telegram.BotApi;
using DevBot.Telegram.Texts;
using Microsoft.Extensions.Options;

namespace DevBot.Telegram.Delivery;

/// <summary>
/// Signed, expiring download links for archives too large for Telegram. The link itself is the permission
/// (a chat user has no API key in a browser), so it is an HMAC over project and expiry, keyed by a secret
/// derived from the bot token: nothing new to configure, and a new token revokes every link. When the archives
/// live in a bucket (STORAGE_PROVIDER=s3) the bucket's own presigned URL is handed out instead: the download
/// then never passes through DevBot, and it works without a public address for DevBot (long polling behind NAT).
/// </summary>
internal sealed class ArchiveLinks(IOptions<TelegramOptions> options, IObjectStore store, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("devbot-archive-link:" + options.Value.BotToken));

    /// <summary>The sentence (HTML) that tells the user where to fetch an archive Telegram will not carry.</summary>
    public string TooLargeForTelegram(Guid projectId, long size, Words words)
    {
        var megabytes = (size / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
        var intro = words.Html(TextKey.ArchiveTooLarge, ("size", megabytes));
        // Archives in a bucket were all written under the current key scheme, so the key follows from the id.
        if (store.TryGetDownloadUrl(ProjectArchive.KeyFor(projectId), $"project-{projectId:N}.zip", Lifetime) is { } presigned)
        {
            return intro + " " + words.Html(TextKey.ArchiveLink, ("link", new HtmlFragment(TelegramHtml.Link(words[TextKey.ArchiveLinkText], presigned))), ("days", Lifetime.Days));
        }

        if (options.Value.ResolvePublicBaseUrl() is not { } origin)
        {
            return intro + " " + words.Html(TextKey.ArchiveUseApi, ("route", HtmlFragment.Code($"GET /api/v1/projects/{projectId}/archive")));
        }

        var expires = time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        var url = new Uri(origin, $"/api/v1/telegram/archives/{projectId}?expires={expires}&signature={Sign(projectId, expires)}");
        return intro + " " + words.Html(TextKey.ArchiveLink, ("link", new HtmlFragment(TelegramHtml.Link(words[TextKey.ArchiveLinkText], url))), ("days", Lifetime.Days));
    }

    public bool IsValid(Guid projectId, long expires, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, 253402300799)) < time.GetUtcNow())
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(projectId, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(Guid projectId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{projectId:N}.{expires}")));
}
