namespace DevBot.Telegram.Delivery;

/// <summary>Opens a delivered project's ZIP, or null when it has not been made (or was removed).</summary>
public interface IProjectArchiveReader
{
    Task<Stream?> OpenAsync(Guid projectId, CancellationToken cancellationToken);
}
