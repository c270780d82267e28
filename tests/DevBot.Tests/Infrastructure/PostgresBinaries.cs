namespace DevBot.Tests.Infrastructure;

/// <summary>
/// The directory holding this machine's PostgreSQL server programs (initdb, pg_ctl, pg_config). Version 15 is
/// preferred because production runs it; otherwise the newest installed, then whatever PATH offers.
/// </summary>
public sealed record PostgresBinaries(string Directory)
{
    public static readonly IReadOnlyList<string> DebianSearchRoots = ["/usr/lib/postgresql"];

    private const int PreferredMajorVersion = 15;

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public string PgConfig => Path.Combine(Directory, "pg_config");

    public static PostgresBinaries Locate() =>
        Locate(DebianSearchRoots, Environment.GetEnvironmentVariable("PATH"));

    public static PostgresBinaries Locate(IEnumerable<string> searchRoots, string? pathVariable)
    {
        var versioned = searchRoots
            .Where(System.IO.Directory.Exists)
            .SelectMany(System.IO.Directory.EnumerateDirectories)
            .Select(versionDirectory => (
                Version: int.TryParse(Path.GetFileName(versionDirectory), out var major) ? major : -1,
                Bin: Path.Combine(versionDirectory, "bin")))
            .Where(candidate => candidate.Version > 0 && HasServerPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version == PreferredMajorVersion)
            .ThenByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();

        var onPath = (pathVariable ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerPrograms);

        return (versioned ?? onPath) is { } directory
            ? new PostgresBinaries(directory)
            : throw new InvalidOperationException(
                $"PostgreSQL server programs (initdb, pg_ctl) were not found under {string.Join(", ", searchRoots.Select(r => r + "/*/bin"))} "
                + "or on PATH, so the tests that need a real PostgreSQL cannot run. Run scripts/test.sh (the project's test command): "
                + "it installs postgresql-15 and pgvector on Debian, then runs the tests.");
    }

    private static bool HasServerPrograms(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));
}
