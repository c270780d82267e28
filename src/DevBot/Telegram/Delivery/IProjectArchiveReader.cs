namespace DevBot.Telegram.Delivery;

/// <summary>Opens a delivered project's ZIP, or null when it has not been made (or was removed).</summary>
internal interface IProjectArchiveReader
{
    Task<Stream?> OpenAsync(Guid projectId, CancellationToken cancellationToken);
}
