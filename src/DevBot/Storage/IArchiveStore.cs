namespace DevBot.Storage;

/// <summary>Where delivered archives are kept (local disk by default; an object store can replace it).</summary>
public interface IArchiveStore
{
    /// <summary>Stores the content under <paramref name="key"/>, replacing any earlier version atomically.</summary>
    Task SaveAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens the stored content, or null when nothing is stored under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);
}
