namespace DevBot.Storage;

/// <summary>
/// Where everything DevBot keeps besides its database lives (today the delivered archives): the local disk under
/// <c>DEVBOT_DATA_DIR</c>, or an S3-compatible bucket so that no process keeps anything on its own disk.
/// Keys are relative, slash-separated paths (see <see cref="ObjectKeys"/>).
/// </summary>
public interface IObjectStore
{
    /// <summary>Stores the content under <paramref name="key"/>, replacing any earlier version atomically.</summary>
    Task SaveAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens the stored content, or null when nothing is stored under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A URL anyone holding it can download the object from until <paramref name="lifetime"/> has passed
    /// (a presigned GET), or null when this store cannot hand out such links (the local disk).
    /// </summary>
    Uri? TryGetDownloadUrl(string key, string fileName, TimeSpan lifetime);

    /// <summary>A cheap check that the store can be used (readiness), with a sentence for operators.</summary>
    Task<ObjectStoreProbe> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IObjectStore.ProbeAsync"/>.</summary>
public sealed record ObjectStoreProbe(bool Available, string Description);

/// <summary>The object store refused or could not be reached; the message names the setting to check.</summary>
internal sealed class ObjectStoreException(string message, Exception? inner = null) : Exception(message, inner);
