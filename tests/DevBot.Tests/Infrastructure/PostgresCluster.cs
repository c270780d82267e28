using System.Globalization;
using Npgsql;

namespace DevBot.Tests.Infrastructure;

/// <summary>
/// One running throwaway PostgreSQL cluster in its own temp folder: data directory, unix socket and log inside
/// it, listening on a free loopback port, durability switched off (the data lives for one test run).
/// </summary>
internal sealed class PostgresCluster
{
    public const string Superuser = "postgres";

    private const string FolderPrefix = "devbot-pg-";
    private const string OwnerPidFile = "owner.pid";
    private const int StartAttempts = 5;

    private readonly PostgresBinaries _binaries;

    private PostgresCluster(PostgresBinaries binaries, string folder)
    {
        _binaries = binaries;
        Folder = folder;
    }

    public string Folder { get; }

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(Folder, "data");

    private string LogFile => Path.Combine(Folder, "postgres.log");

    // initdb and postgres refuse to run as root; CI runs as root, so the server runs as the OS user the Debian
    // package creates, and its folder must be reachable by that user (hence /tmp rather than a private TMPDIR).
    private static bool RunAsPostgresUser => Environment.IsPrivilegedProcess;

    private static string TempRoot => RunAsPostgresUser ? "/tmp" : Path.GetTempPath();

    public static async Task<PostgresCluster> StartAsync(PostgresBinaries binaries, CancellationToken cancellationToken)
    {
        await RemoveAbandonedClustersAsync(binaries, cancellationToken);

        var folder = Path.Combine(TempRoot, FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The throwaway PostgreSQL cluster needs Linux or macOS (the tests run on Debian).");
        }

        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerPidFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);

        var cluster = new PostgresCluster(binaries, folder);
        try
        {
            await cluster.InitializeAsync(cancellationToken);
            await cluster.StartOnFreePortAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.StopAndDeleteAsync();
            throw;
        }
    }

    public string ConnectionString(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        Pooling = pooling,
        // Hundreds of test databases share one server: idle pooled connections are closed quickly so the
        // server's connection limit is never reached by connections nobody uses any more.
        ConnectionIdleLifetime = 10,
        ConnectionPruningInterval = 2,
        IncludeErrorDetail = true,
    }.ConnectionString;

    public async Task StopAndDeleteAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunServerProgramAsync(_binaries.PgCtl, ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }

        DeleteFolder(Folder);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (RunAsPostgresUser)
        {
            (await ProcessRunner.RunAsync("chown", ["-R", $"{Superuser}:{Superuser}", Folder], Folder, cancellationToken)).EnsureSuccess(
                $"Giving {Folder} to the '{Superuser}' OS user (PostgreSQL refuses to run as root; the Debian postgresql package creates that user)");
        }

        (await RunServerProgramAsync(_binaries.InitDb,
            ["-D", DataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            cancellationToken)).EnsureSuccess("initdb");

        // Appended settings win over initdb's defaults. The socket lives in our folder so clusters never collide
        // with each other or with a system cluster in /var/run/postgresql.
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{Folder}'
            max_connections = 200
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            """, cancellationToken);
    }

    private async Task StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeTcpPort.Next();
            var start = await RunServerProgramAsync(_binaries.PgCtl,
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", $"-p {Port}", "start"], cancellationToken);
            if (start.ExitCode == 0)
            {
                return;
            }

            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellationToken) : "";
            // Another process can take the port between our probe and the server's bind: try another one.
            if (attempt < StartAttempts && log.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw new InvalidOperationException($"PostgreSQL did not start on port {Port}:{Environment.NewLine}{start.Output}{Environment.NewLine}{log}");
        }
    }

    private static Task<ProcessResult> RunServerProgramAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsPostgresUser
            ? ProcessRunner.RunAsync("runuser", ["-u", Superuser, "--", program, .. arguments], "/tmp", cancellationToken)
            : ProcessRunner.RunAsync(program, arguments, Path.GetTempPath(), cancellationToken);

    /// <summary>Clusters left running by test runs that were killed before they could clean up.</summary>
    private static async Task RemoveAbandonedClustersAsync(PostgresBinaries binaries, CancellationToken cancellationToken)
    {
        foreach (var folder in Directory.EnumerateDirectories(TempRoot, FolderPrefix + "*"))
        {
            var ownerFile = Path.Combine(folder, OwnerPidFile);
            if (!File.Exists(ownerFile)
                || !int.TryParse(await File.ReadAllTextAsync(ownerFile, cancellationToken), out var ownerPid)
                || IsRunning(ownerPid))
            {
                continue;
            }

            try
            {
                await new PostgresCluster(binaries, folder).StopAndDeleteAsync();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Someone else's leftovers we cannot touch, or another run is removing them right now.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
