using System.Security.Cryptography;
using System.Text;
using DevBot.Data;
using DevBot.Projects;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Pipeline;

/// <summary>Reads and writes a project's committed files (in the caller's unit of work).</summary>
internal static class ProjectFiles
{
    public static async Task<Dictionary<string, string>> LoadAsync(DevBotDbContext db, Guid projectId, CancellationToken cancellationToken) =>
        await db.Set<ProjectFile>().AsNoTracking()
            .Where(f => f.ProjectId == projectId)
            .ToDictionaryAsync(f => f.Path, f => f.Content, StringComparer.Ordinal, cancellationToken);

    /// <summary>Inserts or updates the given files; the caller saves them together with the step's verdict.</summary>
    public static async Task StageAsync(DevBotDbContext db, Guid projectId, IReadOnlyDictionary<string, string> files, DateTime now, CancellationToken cancellationToken)
    {
        var paths = files.Keys.ToList();
        var existing = await db.Set<ProjectFile>()
            .Where(f => f.ProjectId == projectId && paths.Contains(f.Path))
            .ToDictionaryAsync(f => f.Path, StringComparer.Ordinal, cancellationToken);
        foreach (var (path, content) in files)
        {
            var size = Encoding.UTF8.GetByteCount(content);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
            if (existing.TryGetValue(path, out var file))
            {
                file.Content = content;
                file.Size = size;
                file.Sha256 = hash;
                file.UpdatedAt = now;
            }
            else
            {
                db.Set<ProjectFile>().Add(new ProjectFile { ProjectId = projectId, Path = path, Content = content, Size = size, Sha256 = hash, UpdatedAt = now });
            }
        }
    }
}
