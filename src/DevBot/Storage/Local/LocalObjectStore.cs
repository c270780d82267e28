using DevBot.Data;
using Microsoft.Extensions.Options;

namespace DevBot.Storage.Local;

/// <summary>
/// Objects as files under <c>DEVBOT_DATA_DIR/archives</c> (the folder name predates other object kinds; keys
/// stored by earlier versions still resolve there). Written to a temporary name and renamed, so never half-written.
/// </summary>
internal sealed class LocalObjectStore(IOptions<DatabaseOptions> options) : IObjectStore
{
    private readonly string _root = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, "archives"));

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    /// <summary>A file on this machine's disk has no URL of its own: callers stream it instead.</summary>
    public Uri? TryGetDownloadUrl(string key, string fileName, TimeSpan lifetime) => null;

    public Task<ObjectStoreProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_root);
            return Task.FromResult(new ObjectStoreProbe(true, $"local folder {_root}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(new ObjectStoreProbe(false, $"local folder {_root} cannot be created ({ex.GetType().Name}); check DEVBOT_DATA_DIR"));
        }
    }

    private string PathFor(string key)
    {
        ObjectKeys.Validate(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
