using Microsoft.EntityFrameworkCore.Storage;

namespace DevBot.Data;

/// <summary>
/// A transaction that is either this caller's own or the one its caller already opened on the same context
/// (e.g. a Telegram update handled together with its dedupe marker). Only the owner commits or rolls back.
/// </summary>
public sealed class JoinedTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? _owned;

    private JoinedTransaction(IDbContextTransaction? owned) => _owned = owned;

    public static async Task<JoinedTransaction> BeginOrJoinAsync(DevBotDbContext db, CancellationToken cancellationToken) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null);

    public Task CommitAsync(CancellationToken cancellationToken) => _owned?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
