using System.ComponentModel.DataAnnotations;

namespace DevBot.Sandbox;

/// <summary>How generated code is run: the sandbox, its limits, and the install step's network.</summary>
internal sealed class SandboxOptions
{
    /// <summary>auto (bubblewrap, else Docker, else off with a warning), bwrap, docker or off.</summary>
    [ConfigurationKeyName("SANDBOX")]
    public string Mode { get; set; } = "auto";

    /// <summary>Wall-clock seconds one check or test run may take; then its whole process tree is killed.</summary>
    [ConfigurationKeyName("SANDBOX_TIMEOUT_SECONDS")]
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Wall-clock seconds the dependency install step may take.</summary>
    [ConfigurationKeyName("SANDBOX_INSTALL_TIMEOUT_SECONDS")]
    [Range(1, 7200)]
    public int InstallTimeoutSeconds { get; set; } = 300;

    /// <summary>Whether the install step (pip, npm, dotnet restore, go mod download) may use the network; tests never may.</summary>
    [ConfigurationKeyName("SANDBOX_INSTALL_NETWORK")]
    public bool InstallNetwork { get; set; }

    /// <summary>Memory one sandboxed process may allocate (RLIMIT_DATA in bubblewrap, the container's limit in Docker).</summary>
    [ConfigurationKeyName("SANDBOX_MEMORY_MB")]
    [Range(64, 1_048_576)]
    public int MemoryMb { get; set; } = 1024;

    /// <summary>CPU seconds one sandboxed process may use (RLIMIT_CPU).</summary>
    [ConfigurationKeyName("SANDBOX_CPU_SECONDS")]
    [Range(1, 86_400)]
    public int CpuSeconds { get; set; } = 300;

    /// <summary>Processes and threads one run may have at once (a fork bomb ends at this).</summary>
    [ConfigurationKeyName("SANDBOX_MAX_PROCESSES")]
    [Range(16, 65_536)]
    public int MaxProcesses { get; set; } = 256;

    /// <summary>Largest file one run may write (RLIMIT_FSIZE).</summary>
    [ConfigurationKeyName("SANDBOX_MAX_FILE_MB")]
    [Range(1, 1_048_576)]
    public int MaxFileMb { get; set; } = 128;

    /// <summary>Output kept per run (stdout and stderr together); beyond it only the tail is kept.</summary>
    [ConfigurationKeyName("SANDBOX_MAX_OUTPUT_BYTES")]
    [Range(4096, 64 * 1024 * 1024)]
    public int MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>The bubblewrap executable (a name on PATH or an absolute path).</summary>
    [ConfigurationKeyName("SANDBOX_BWRAP_PATH")]
    public string BwrapPath { get; set; } = "bwrap";

    /// <summary>Extra host folders with toolchains outside /usr (colon-separated), bound read-only and put on the sandbox's PATH.</summary>
    [ConfigurationKeyName("SANDBOX_TOOL_PATHS")]
    public string? ToolPaths { get; set; }

    /// <summary>The docker client (a name on PATH or an absolute path).</summary>
    [ConfigurationKeyName("SANDBOX_DOCKER_PATH")]
    public string DockerPath { get; set; } = "docker";

    [ConfigurationKeyName("SANDBOX_DOCKER_IMAGE")]
    public string DockerImage { get; set; } = "debian:bookworm-slim";

    [ConfigurationKeyName("SANDBOX_DOCKER_IMAGE_PYTHON")]
    public string DockerImagePython { get; set; } = "python:3.12-slim";

    [ConfigurationKeyName("SANDBOX_DOCKER_IMAGE_NODE")]
    public string DockerImageNode { get; set; } = "node:20-slim";

    [ConfigurationKeyName("SANDBOX_DOCKER_IMAGE_DOTNET")]
    public string DockerImageDotNet { get; set; } = "mcr.microsoft.com/dotnet/sdk:10.0";

    [ConfigurationKeyName("SANDBOX_DOCKER_IMAGE_GO")]
    public string DockerImageGo { get; set; } = "golang:1.23";

    internal SandboxSetting Setting => Mode.Trim().ToLowerInvariant() switch
    {
        "bwrap" or "bubblewrap" => SandboxSetting.Bwrap,
        "docker" => SandboxSetting.Docker,
        "off" => SandboxSetting.Off,
        _ => SandboxSetting.Auto,
    };

    internal SandboxLimits Limits => new(
        TimeSpan.FromSeconds(TimeoutSeconds),
        TimeSpan.FromSeconds(InstallTimeoutSeconds),
        InstallNetwork,
        MemoryMb * 1024L * 1024L,
        CpuSeconds,
        MaxProcesses,
        MaxFileMb * 1024L * 1024L,
        MaxOutputBytes);

    internal IReadOnlyList<string> ToolPathList =>
        (ToolPaths ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal string DockerImageFor(SandboxToolchain toolchain) => toolchain switch
    {
        SandboxToolchain.Python => DockerImagePython,
        SandboxToolchain.Node => DockerImageNode,
        SandboxToolchain.DotNet => DockerImageDotNet,
        SandboxToolchain.Go => DockerImageGo,
        _ => DockerImage,
    };
}
