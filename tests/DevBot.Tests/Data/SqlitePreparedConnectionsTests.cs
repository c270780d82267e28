using System.Data;
using DevBot.Data;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Data;

/// <summary>Connections lent with their prepared statements: reused while wanted, closed when idle or too many.</summary>
public sealed class SqlitePreparedConnectionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string ConnectionString => $"Data Source={Path.Combine(_directory.Path, "prepared.db")}";

    [Fact]
    public async Task A_connection_handed_back_is_lent_again_with_its_statement_still_prepared()
    {
        var first = await SqlitePreparedConnections.RentAsync(ConnectionString, CancellationToken.None);
        var command = first.Borrow("SELECT 1", transaction: null);
        (await command.ExecuteScalarAsync()).ShouldBe(1L);
        SqlitePreparedConnections.Return(ConnectionString, first);

        var again = await SqlitePreparedConnections.RentAsync(ConnectionString, CancellationToken.None);
        again.ShouldBeSameAs(first);
        again.Borrow("SELECT 1", transaction: null).ShouldBeSameAs(command, "the same command, its statement prepared once");
        SqlitePreparedConnections.Close(again);
    }

    [Fact]
    public async Task Connections_idle_past_their_lifetime_are_closed_and_the_next_rent_opens_a_new_one()
    {
        var lent = await SqlitePreparedConnections.RentAsync(ConnectionString, CancellationToken.None);
        SqlitePreparedConnections.Return(ConnectionString, lent);

        SqlitePreparedConnections.CloseExpired(Environment.TickCount64 + (long)SqlitePreparedConnections.IdleLifetime.TotalMilliseconds + 1000);

        lent.Connection.State.ShouldBe(ConnectionState.Closed);
        var next = await SqlitePreparedConnections.RentAsync(ConnectionString, CancellationToken.None);
        next.ShouldNotBeSameAs(lent);
        next.Connection.State.ShouldBe(ConnectionState.Open);
        SqlitePreparedConnections.Close(next);
    }

    [Fact]
    public async Task No_more_than_the_idle_limit_wait_the_rest_are_closed_when_handed_back()
    {
        var lent = new List<StatementCache>();
        for (var i = 0; i < SqlitePreparedConnections.MaxIdle + 3; i++)
        {
            lent.Add(await SqlitePreparedConnections.RentAsync(ConnectionString, CancellationToken.None));
        }

        foreach (var connection in lent)
        {
            SqlitePreparedConnections.Return(ConnectionString, connection);
        }

        lent.Count(c => c.Connection.State == ConnectionState.Open).ShouldBe(SqlitePreparedConnections.MaxIdle);
        lent.Skip(SqlitePreparedConnections.MaxIdle).ShouldAllBe(c => c.Connection.State == ConnectionState.Closed);
        SqlitePreparedConnections.CloseExpired(long.MaxValue / 2);
        lent.ShouldAllBe(c => c.Connection.State == ConnectionState.Closed);
    }

    public void Dispose()
    {
        SqlitePreparedConnections.CloseExpired(long.MaxValue / 2);
        _directory.Dispose();
    }
}
