using System.Runtime.Versioning;

namespace DevBot.Sandbox;

/// <summary>
/// The complete environment of a sandboxed command: an allow-list written here, never copied from the server's own
/// (which holds LLM_API_KEY, TELEGRAM_BOT_TOKEN, STRIPE_SECRET_KEY, DATABASE_URL, S3 keys…). Tool caches all live
/// in the session's private HOME.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class SandboxEnvironment
{
    public const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <param name="extraPathDirectories">Tool folders outside /usr, searched first; null leaves PATH to the image (docker).</param>
    public static IReadOnlyDictionary<string, string> For(IReadOnlyList<string>? extraPathDirectories)
    {
        const string home = SandboxWorkspace.HomeMount;
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["USER"] = "sandbox",
            ["LOGNAME"] = "sandbox",
            ["SHELL"] = "/bin/sh",
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
            ["TZ"] = "UTC",
            ["TMPDIR"] = "/tmp",
            ["TERM"] = "dumb",
            ["NO_COLOR"] = "1",
            ["CI"] = "true",
            ["XDG_CACHE_HOME"] = $"{home}/.cache",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
            ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
            ["PIP_NO_INPUT"] = "1",
            ["npm_config_cache"] = $"{home}/.npm",
            ["npm_config_update_notifier"] = "false",
            ["npm_config_fund"] = "false",
            ["npm_config_audit"] = "false",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = $"{home}/.nuget/packages",
            // No build servers: they would outlive the run (and be killed with it) for nothing.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
            ["GOPATH"] = $"{home}/go",
            ["GOCACHE"] = $"{home}/.cache/go-build",
            // Never download another Go toolchain; keep the module cache deletable.
            ["GOTOOLCHAIN"] = "local",
            ["GOFLAGS"] = "-modcacherw",
        };
        if (extraPathDirectories is not null)
        {
            environment["PATH"] = string.Join(':', [.. extraPathDirectories, SystemPath]);
        }

        return environment;
    }

    /// <summary>The environment of the bwrap / docker client process itself, on the host: just enough to run.</summary>
    public static IReadOnlyDictionary<string, string> ForLauncher(IEnumerable<string> passThrough)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = SystemPath, ["LANG"] = "C.UTF-8" };
        foreach (var name in passThrough)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        return environment;
    }
}
