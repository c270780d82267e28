using Microsoft.Extensions.Options;

namespace DevBot.Storage;

/// <summary>
/// Whether an archive download is answered with a redirect to the bucket (a presigned URL) or streamed through
/// this process: large archives go straight from the bucket, sparing the API's bandwidth; small ones stream, one
/// round trip, and work even where clients cannot reach the bucket.
/// </summary>
public sealed class ArchiveDownloads(IObjectStore store, IOptions<StorageOptions> options)
{
    /// <summary>The presigned URL to redirect to, or null to stream the archive.</summary>
    public Uri? RedirectFor(string key, long? size, string fileName)
    {
        var threshold = options.Value.RedirectBytes;
        if (threshold < 0 || (size ?? long.MaxValue) < threshold)
        {
            return null;
        }

        return store.TryGetDownloadUrl(key, fileName, options.Value.PresignLifetime);
    }
}
