using DevBot.Projects;
using DevBot.Storage;

namespace DevBot.Telegram.Delivery;

/// <summary>Reads a completed project's ZIP from the archive store the pipeline wrote it to.</summary>
public sealed class ProjectArchiveReader(ProjectQueries projects, IObjectStore store) : IProjectArchiveReader
{
    public async Task<Stream?> OpenAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var (key, _) = await projects.ArchiveAsync(projectId, cancellationToken);
        return key is null ? null : await store.OpenReadAsync(key, cancellationToken);
    }
}
