using System.Runtime.Versioning;
using DevBot.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Tests.Sandbox;

/// <summary>The real sandbox as the server would choose it, with test-sized limits; for tests of what runs inside.</summary>
[UnsupportedOSPlatform("windows")]
internal static class RealSandbox
{
    public static SandboxOptions Options(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Mode = "bwrap", TimeoutSeconds = 60, MaxOutputBytes = 256 * 1024 };
        configure?.Invoke(options);
        return options;
    }

    public static ICodeSandbox Create(Action<SandboxOptions>? configure = null)
    {
        var sandbox = SandboxSelector.Select(Options(configure), TimeProvider.System, NullLogger.Instance);
        sandbox.Mode.ShouldBe(SandboxMode.Bwrap, $"bubblewrap must work on this machine for these tests: {sandbox.Warning}");
        return sandbox;
    }

    public static async Task<SandboxResult> RunAsync(ICodeSandbox sandbox, IReadOnlyDictionary<string, string> files, SandboxCommand command)
    {
        await using var session = await sandbox.OpenAsync(files, CancellationToken.None);
        return await session.RunAsync(command, CancellationToken.None);
    }

    public static Task<SandboxResult> RunAsync(ICodeSandbox sandbox, SandboxCommand command) =>
        RunAsync(sandbox, new Dictionary<string, string>(), command);

    /// <summary>Host processes whose command line contains <paramref name="marker"/> (a unique number passed to sleep).</summary>
    public static IReadOnlyList<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(directory, "stat"));
                var running = state[(state.LastIndexOf(')') + 2)] is not ('Z' or 'X');
                if (running && commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>A number no other test uses, for finding a test's processes by their command line.</summary>
    public static string UniqueSeconds() => $"{Random.Shared.Next(100_000, 999_999)}.{Random.Shared.Next(100, 999)}";
}
