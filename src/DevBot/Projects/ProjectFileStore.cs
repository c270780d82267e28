using System.Security.Cryptography;
using System.Text;
using DevBot.Data;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Projects;

/// <summary>A project's committed files (<c>project_files</c>): read them, or stage changes in the caller's unit of work.</summary>
public sealed class ProjectFileStore(DevBotDbContext db)
{
    public Task<Dictionary<string, string>> LoadAsync(Guid projectId, CancellationToken cancellationToken) =>
        LoadAsync(projectId, paths: null, cancellationToken);

    /// <summary>Each file's SHA-256, without reading contents.</summary>
    public async Task<Dictionary<string, string>> HashesAsync(Guid projectId, CancellationToken cancellationToken) =>
        await db.Set<ProjectFile>().AsNoTracking()
            .Where(f => f.ProjectId == projectId)
            .Select(f => new { f.Path, f.Sha256 })
            .ToDictionaryAsync(f => f.Path, f => f.Sha256, StringComparer.Ordinal, cancellationToken);

    /// <summary>The contents of the named files that exist (all files when <paramref name="paths"/> is null).</summary>
    public async Task<Dictionary<string, string>> LoadAsync(Guid projectId, IReadOnlyCollection<string>? paths, CancellationToken cancellationToken)
    {
        var query = db.Set<ProjectFile>().AsNoTracking().Where(f => f.ProjectId == projectId);
        if (paths is not null)
        {
            var wanted = paths.ToList();
            query = query.Where(f => wanted.Contains(f.Path));
        }

        return await query.ToDictionaryAsync(f => f.Path, f => f.Content, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Paths and sizes, without contents.</summary>
    public async Task<IReadOnlyList<ProjectFileView>> ListAsync(Guid projectId, CancellationToken cancellationToken) =>
        await db.Set<ProjectFile>().AsNoTracking()
            .Where(f => f.ProjectId == projectId).OrderBy(f => f.Path)
            .Select(f => new ProjectFileView(f.Path, f.Size))
            .ToListAsync(cancellationToken);

    public Task<int> CountAsync(Guid projectId, CancellationToken cancellationToken) =>
        db.Set<ProjectFile>().CountAsync(f => f.ProjectId == projectId, cancellationToken);

    /// <summary>One file's content, or null.</summary>
    public Task<string?> ReadAsync(Guid projectId, string path, CancellationToken cancellationToken) =>
        db.Set<ProjectFile>().AsNoTracking()
            .Where(f => f.ProjectId == projectId && f.Path == path).Select(f => f.Content).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Inserts or updates the given files; the caller saves them together with the step's verdict.</summary>
    public async Task StageAsync(Guid projectId, IReadOnlyDictionary<string, string> files, DateTime now, CancellationToken cancellationToken)
    {
        var paths = files.Keys.ToList();
        var existing = await db.Set<ProjectFile>()
            .Where(f => f.ProjectId == projectId && paths.Contains(f.Path))
            .ToDictionaryAsync(f => f.Path, StringComparer.Ordinal, cancellationToken);
        foreach (var (path, content) in files)
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (existing.TryGetValue(path, out var file))
            {
                file.Content = content;
                file.Size = bytes.Length;
                file.Sha256 = hash;
                file.UpdatedAt = now;
            }
            else
            {
                db.Set<ProjectFile>().Add(new ProjectFile { ProjectId = projectId, Path = path, Content = content, Size = bytes.Length, Sha256 = hash, UpdatedAt = now });
            }
        }
    }

    /// <summary>Removes the named files (those that exist) in the caller's unit of work.</summary>
    public async Task RemoveAsync(Guid projectId, IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        var wanted = paths.ToList();
        var existing = await db.Set<ProjectFile>().Where(f => f.ProjectId == projectId && wanted.Contains(f.Path)).ToListAsync(cancellationToken);
        db.Set<ProjectFile>().RemoveRange(existing);
    }
}
