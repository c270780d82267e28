using DevBot.Storage;

namespace DevBot.Projects.Versions;

/// <summary>A version's ZIP as stored: its key and size, and how many files its work tree holds.</summary>
public sealed record StoredArchive(string Key, long Size, int Files);

/// <summary>
/// Builds and stores a version's ZIP: the version's files as the work tree, and its whole history (the commits of its
/// line, oldest first) as a git repository under <c>.git/</c>, whose last commit is exactly that work tree.
/// </summary>
public sealed class VersionArchives(ProjectHistory history, IObjectStore store)
{
    public async Task<StoredArchive> SaveAsync(Guid projectId, int version, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        var commits = await history.CommitsAsync(projectId, version, cancellationToken);
        var contents = await history.ContentsAsync(projectId, commits.SelectMany(c => c.Changes).Select(c => c.Sha256).OfType<string>(), cancellationToken);
        return await StoreAsync(projectId, version, commits, contents, timestamp, cancellationToken);
    }

    /// <summary>Stores the ZIP of a history given in full (an import, before anything of it is in the database).</summary>
    public async Task<StoredArchive> StoreAsync(
        Guid projectId, int version, IReadOnlyList<HistoryCommit> commits, IReadOnlyDictionary<string, byte[]> contents,
        DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, sha) in commits.SelectMany(c => c.Changes))
        {
            if (sha is null)
            {
                tree.Remove(path);
            }
            else
            {
                tree[path] = sha;
            }
        }

        var git = GitRepository.Write(
            commits.Select(c => new GitCommitSpec(c.Message, c.Body, new DateTimeOffset(c.CreatedAt, TimeSpan.Zero), c.Changes)).ToList(),
            contents);
        var key = ProjectArchive.KeyFor(projectId, version);
        await using var zip = ProjectArchive.Create(tree.Select(f => new ArchiveEntry(f.Key, contents[f.Value])), git, timestamp);
        var size = zip.Length;
        await store.SaveAsync(key, zip, cancellationToken);
        return new StoredArchive(key, size, tree.Count);
    }
}
