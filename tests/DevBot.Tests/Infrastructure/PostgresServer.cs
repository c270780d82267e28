using Npgsql;

[assembly: AssemblyFixture(typeof(DevBot.Tests.Infrastructure.PostgresServer))]

namespace DevBot.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster shared by the whole test run (an xunit assembly fixture: take it as a
/// constructor parameter). It starts on first use, so a run that never touches PostgreSQL neither waits for it
/// nor fails without it, and it is stopped and deleted when the run ends. Every test gets its own brand-new
/// database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    // New databases are copies of this one, so the vector extension is created once, not once per test.
    private const string TemplateDatabase = "devbot_template";

    private readonly Lazy<PostgresBinaries> _binaries = new(PostgresBinaries.Locate);
    private readonly Lazy<bool> _vectorAvailable;
    private readonly Lazy<Task<PostgresCluster>> _cluster;

    public PostgresServer()
    {
        _vectorAvailable = new(() => IsVectorInstalled(_binaries.Value));
        _cluster = new(() => StartAsync(CancellationToken.None));
    }

    /// <summary>Whether pgvector is installed, so <c>CREATE EXTENSION vector</c> works (every new database already has it).</summary>
    public bool VectorAvailable => _vectorAvailable.Value;

    /// <summary>Creates an empty database (with pgvector when available) and returns its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var cluster = await _cluster.Value.WaitAsync(cancellationToken);
        var name = "test_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE {TemplateDatabase}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return cluster.ConnectionString(name);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (!_cluster.IsValueCreated)
        {
            return;
        }

        // A failed start already removed what it had made, and its error was reported to the tests that needed it.
        var start = _cluster.Value;
        await ((Task)start).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!start.IsCompletedSuccessfully)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await start.Result.StopAndDeleteAsync();
    }

    private async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        var binaries = _binaries.Value;
        var cluster = await PostgresCluster.StartAsync(binaries, cancellationToken);
        try
        {
            await using (var admin = new NpgsqlConnection(cluster.ConnectionString("postgres", pooling: false)))
            {
                await admin.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {TemplateDatabase}", admin);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            if (VectorAvailable)
            {
                // No pooling: CREATE DATABASE ... TEMPLATE refuses a template that still has open connections.
                await using var template = new NpgsqlConnection(cluster.ConnectionString(TemplateDatabase, pooling: false));
                await template.OpenAsync(cancellationToken);
                await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS vector", template);
                await extension.ExecuteNonQueryAsync(cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.StopAndDeleteAsync();
            throw;
        }
    }

    private static bool IsVectorInstalled(PostgresBinaries binaries)
    {
        if (!File.Exists(binaries.PgConfig))
        {
            return false;
        }

        var shareDirectory = ProcessRunner.RunAsync(binaries.PgConfig, ["--sharedir"]).GetAwaiter().GetResult()
            .EnsureSuccess("pg_config --sharedir").Output.Trim();
        return File.Exists(Path.Combine(shareDirectory, "extension", "vector.control"));
    }
}
