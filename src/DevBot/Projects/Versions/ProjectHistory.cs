using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Projects.Versions;

/// <summary>One file of a version's tree: its content's hash, size, and whether it is binary.</summary>
public sealed record TreeEntry(string Sha256, long Size, bool Binary);

/// <summary>A commit as the git history of a ZIP needs it: message, body, time, and the paths it set or removed (null hash).</summary>
public sealed record HistoryCommit(int Seq, int Version, CommitKind Kind, string Message, string? Body, DateTime CreatedAt, IReadOnlyList<(string Path, string? Sha256)> Changes);

/// <summary>What one step wrote: text files (into <c>project_files</c> too), binary files, and removed paths.</summary>
public sealed record CommitDraft(
    Guid ProjectId,
    int Version,
    CommitKind Kind,
    string Message,
    string? Body,
    IReadOnlyDictionary<string, string> Text,
    DateTime At)
{
    public IReadOnlyDictionary<string, byte[]> Binary { get; init; } = new Dictionary<string, byte[]>();

    public IReadOnlyCollection<string> Removed { get; init; } = [];
}

/// <summary>
/// A project's files over time: content-addressed blobs, commits that record only the paths they change, and the
/// line of versions each version was made from. A version's files are the fold of the commits of its line, in order;
/// a failed change's commits belong to its own number and never to a later version's line. <c>project_files</c>
/// holds the text files of the version being worked on, for the pipeline, retrieval and the file API.
/// </summary>
public sealed class ProjectHistory(DevBotDbContext db, ProjectFileStore files)
{
    /// <summary>
    /// Stages the step's files into <c>project_files</c> and records them as one commit in the caller's unit of work,
    /// storing each new content once. Paths whose content the version already has are left out; a step that changes
    /// nothing records no commit (false), so a step replayed after a crash never commits twice.
    /// </summary>
    public async Task<bool> StageCommitAsync(CommitDraft draft, CancellationToken cancellationToken)
    {
        await files.StageAsync(draft.ProjectId, draft.Text, draft.At, cancellationToken);
        if (draft.Removed.Count > 0)
        {
            await files.RemoveAsync(draft.ProjectId, draft.Removed, cancellationToken);
        }

        var tree = await TreeAsync(draft.ProjectId, draft.Version, cancellationToken);
        var written = draft.Text.Select(f => (f.Key, Content: FileContent.Bytes(f.Value), Binary: false))
            .Concat(draft.Binary.Select(f => (f.Key, Content: f.Value, Binary: true)));
        var changes = new List<ProjectCommitChange>();
        foreach (var (path, content, binary) in written)
        {
            var sha = FileContent.Sha256(content);
            if (tree.TryGetValue(path, out var existing) && existing.Sha256 == sha)
            {
                continue;
            }

            await EnsureBlobAsync(draft.ProjectId, sha, content, binary, cancellationToken);
            changes.Add(new ProjectCommitChange { ProjectId = draft.ProjectId, Path = path, Sha256 = sha });
        }

        changes.AddRange(draft.Removed.Where(tree.ContainsKey).Distinct(StringComparer.Ordinal)
            .Select(path => new ProjectCommitChange { ProjectId = draft.ProjectId, Path = path, Sha256 = null }));
        if (changes.Count == 0)
        {
            return false;
        }

        var seq = await NextSeqAsync(draft.ProjectId, cancellationToken);
        db.Set<ProjectCommit>().Add(new ProjectCommit
        {
            ProjectId = draft.ProjectId,
            Seq = seq,
            Version = draft.Version,
            Kind = draft.Kind,
            Message = draft.Message,
            Body = string.IsNullOrWhiteSpace(draft.Body) ? null : draft.Body,
            CreatedAt = draft.At,
        });
        foreach (var change in changes)
        {
            change.Seq = seq;
            db.Set<ProjectCommitChange>().Add(change);
        }

        return true;
    }

    /// <summary>
    /// Makes <c>project_files</c> hold exactly the text files of <paramref name="version"/> again (a failed change may
    /// have left its edits there), in the caller's unit of work; returns what changed, for the files observers.
    /// </summary>
    public async Task<(IReadOnlyList<string> Changed, IReadOnlyList<string> Removed)> ResetWorkingFilesAsync(
        Guid projectId, int version, DateTime now, CancellationToken cancellationToken)
    {
        var text = (await TreeAsync(projectId, version, cancellationToken)).Where(e => !e.Value.Binary).ToDictionary(e => e.Key, e => e.Value.Sha256, StringComparer.Ordinal);
        var current = await files.HashesAsync(projectId, cancellationToken);
        var changed = text.Where(e => current.GetValueOrDefault(e.Key) != e.Value).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        var removed = current.Keys.Where(p => !text.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        var contents = await ContentsAsync(projectId, changed.Select(p => text[p]), cancellationToken);
        await files.StageAsync(projectId, changed.ToDictionary(p => p, p => FileContent.TryText(contents[text[p]]) ?? string.Empty, StringComparer.Ordinal), now, cancellationToken);
        await files.RemoveAsync(projectId, removed, cancellationToken);
        return (changed, removed);
    }

    /// <summary>
    /// What turns the files of <paramref name="from"/> into those of <paramref name="to"/>: the paths whose content
    /// differs or is new (text and binary apart) and the paths <paramref name="to"/> lacks. A restore commits this.
    /// </summary>
    public async Task<(Dictionary<string, string> Text, Dictionary<string, byte[]> Binary, List<string> Removed)> ChangesBetweenAsync(
        Guid projectId, int from, int to, CancellationToken cancellationToken)
    {
        var before = await TreeAsync(projectId, from, cancellationToken);
        var after = await TreeAsync(projectId, to, cancellationToken);
        var differing = after.Where(e => before.GetValueOrDefault(e.Key)?.Sha256 != e.Value.Sha256).ToList();
        var contents = await ContentsAsync(projectId, differing.Select(e => e.Value.Sha256), cancellationToken);
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        var binary = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, entry) in differing)
        {
            if (!entry.Binary && FileContent.TryText(contents[entry.Sha256]) is { } content)
            {
                text[path] = content;
            }
            else
            {
                binary[path] = contents[entry.Sha256];
            }
        }

        return (text, binary, before.Keys.Where(p => !after.ContainsKey(p)).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The files of <paramref name="version"/> (as far as it has got, for a version being built), by path.</summary>
    public async Task<Dictionary<string, TreeEntry>> TreeAsync(Guid projectId, int version, CancellationToken cancellationToken)
    {
        var tree = new Dictionary<string, TreeEntry>(StringComparer.Ordinal);
        var blobs = await BlobInfoAsync(projectId, cancellationToken);
        foreach (var commit in await CommitsAsync(projectId, version, cancellationToken))
        {
            foreach (var (path, sha) in commit.Changes)
            {
                if (sha is null)
                {
                    tree.Remove(path);
                }
                else
                {
                    var (size, binary) = blobs[sha];
                    tree[path] = new TreeEntry(sha, size, binary);
                }
            }
        }

        return tree;
    }

    /// <summary>The commits of the version's line (its base versions' and its own), oldest first.</summary>
    public async Task<IReadOnlyList<HistoryCommit>> CommitsAsync(Guid projectId, int version, CancellationToken cancellationToken)
    {
        var line = await LineAsync(projectId, version, cancellationToken);
        var commits = await db.Set<ProjectCommit>().AsNoTracking()
            .Where(c => c.ProjectId == projectId && line.Contains(c.Version))
            .OrderBy(c => c.Seq)
            .ToListAsync(cancellationToken);
        var seqs = commits.Select(c => c.Seq).ToList();
        var changes = (await db.Set<ProjectCommitChange>().AsNoTracking()
                .Where(c => c.ProjectId == projectId && seqs.Contains(c.Seq))
                .Select(c => new { c.Seq, c.Path, c.Sha256 })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.Seq);
        return commits.Select(c => new HistoryCommit(
            c.Seq, c.Version, c.Kind, c.Message, c.Body, c.CreatedAt,
            changes[c.Seq].OrderBy(x => x.Path, StringComparer.Ordinal).Select(x => (x.Path, x.Sha256)).ToList())).ToList();
    }

    /// <summary>The versions whose commits make up <paramref name="version"/>: its base's line, then itself.</summary>
    public async Task<List<int>> LineAsync(Guid projectId, int version, CancellationToken cancellationToken)
    {
        var bases = await db.Set<ProjectVersion>().AsNoTracking()
            .Where(v => v.ProjectId == projectId)
            .Select(v => new { v.Version, v.BaseVersion })
            .ToDictionaryAsync(v => v.Version, v => v.BaseVersion, cancellationToken);
        var line = new List<int>();
        for (int? current = version; current is { } number && !line.Contains(number); current = bases.GetValueOrDefault(number))
        {
            line.Add(number);
        }

        line.Reverse();
        return line;
    }

    /// <summary>The contents of the named blobs.</summary>
    public async Task<Dictionary<string, byte[]>> ContentsAsync(Guid projectId, IEnumerable<string> hashes, CancellationToken cancellationToken)
    {
        var wanted = hashes.Distinct(StringComparer.Ordinal).ToList();
        return await db.Set<ProjectBlob>().AsNoTracking()
            .Where(b => b.ProjectId == projectId && wanted.Contains(b.Sha256))
            .ToDictionaryAsync(b => b.Sha256, b => b.Content, StringComparer.Ordinal, cancellationToken);
    }

    private async Task<Dictionary<string, (long Size, bool Binary)>> BlobInfoAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var stored = await db.Set<ProjectBlob>().AsNoTracking()
            .Where(b => b.ProjectId == projectId)
            .Select(b => new { b.Sha256, b.Size, b.IsBinary })
            .ToDictionaryAsync(b => b.Sha256, b => (b.Size, b.IsBinary), StringComparer.Ordinal, cancellationToken);
        foreach (var pending in PendingBlobs(projectId))
        {
            stored[pending.Sha256] = (pending.Size, pending.IsBinary);
        }

        return stored;
    }

    private async Task EnsureBlobAsync(Guid projectId, string sha, byte[] content, bool binary, CancellationToken cancellationToken)
    {
        if (PendingBlobs(projectId).Any(b => b.Sha256 == sha)
            || await db.Set<ProjectBlob>().AnyAsync(b => b.ProjectId == projectId && b.Sha256 == sha, cancellationToken))
        {
            return;
        }

        db.Set<ProjectBlob>().Add(new ProjectBlob { ProjectId = projectId, Sha256 = sha, Size = content.Length, IsBinary = binary, Content = content });
    }

    private IEnumerable<ProjectBlob> PendingBlobs(Guid projectId) =>
        db.ChangeTracker.Entries<ProjectBlob>().Where(e => e.State == EntityState.Added && e.Entity.ProjectId == projectId).Select(e => e.Entity);

    private async Task<int> NextSeqAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var stored = await db.Set<ProjectCommit>().Where(c => c.ProjectId == projectId).MaxAsync(c => (int?)c.Seq, cancellationToken) ?? 0;
        var pending = db.ChangeTracker.Entries<ProjectCommit>()
            .Where(e => e.State == EntityState.Added && e.Entity.ProjectId == projectId)
            .Select(e => e.Entity.Seq)
            .DefaultIfEmpty(0)
            .Max();
        return Math.Max(stored, pending) + 1;
    }
}
