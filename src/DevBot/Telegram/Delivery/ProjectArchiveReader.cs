using DevBot.Data;
using DevBot.Projects;
using DevBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace DevBot.Telegram.Delivery;

/// <summary>Reads a completed project's ZIP from the archive store the pipeline wrote it to.</summary>
public sealed class ProjectArchiveReader(DevBotDbContext db, IArchiveStore store) : IProjectArchiveReader
{
    public async Task<Stream?> OpenAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var key = await db.Set<Project>().AsNoTracking().Where(p => p.Id == projectId).Select(p => p.ArchiveKey).FirstOrDefaultAsync(cancellationToken);
        return key is null ? null : await store.OpenReadAsync(key, cancellationToken);
    }
}
