namespace DevBot.Sandbox;

/// <summary>
/// One command to run inside a sandbox session, as an argument vector (never parsed by a shell unless it names one):
/// <c>Argv[0]</c> is looked up on the sandbox's PATH, the working directory is the project copy. Use
/// <see cref="Shell"/> for a shell line (<c>/bin/sh -c</c>). <paramref name="Timeout"/> null means
/// <c>SANDBOX_TIMEOUT_SECONDS</c>. <paramref name="Network"/> asks for network access; it is granted only when
/// <c>SANDBOX_INSTALL_NETWORK=true</c> (meant for installing dependencies) and otherwise the command runs offline.
/// <paramref name="Toolchain"/> picks the container image in docker mode and is ignored by bubblewrap.
/// </summary>
public sealed record SandboxCommand(
    IReadOnlyList<string> Argv,
    TimeSpan? Timeout = null,
    bool Network = false,
    SandboxToolchain Toolchain = SandboxToolchain.Generic)
{
    /// <summary>What the command is for (metrics only).</summary>
    public SandboxRunKind Kind { get; init; } = SandboxRunKind.Other;

    /// <summary>A shell line, run as <c>/bin/sh -c LINE</c>.</summary>
    public static SandboxCommand Shell(string line, TimeSpan? timeout = null, bool network = false, SandboxToolchain toolchain = SandboxToolchain.Generic) =>
        new(["/bin/sh", "-c", line], timeout, network, toolchain);

    /// <summary>The command as a person would type it (for logs and for showing users what ran).</summary>
    public string Display => Argv is ["/bin/sh", "-c", var line] ? line : string.Join(' ', Argv.Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',' or '+' or '@')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>The language toolchain a command needs; docker mode runs it in that toolchain's image.</summary>
public enum SandboxToolchain
{
    Generic,
    Python,
    Node,
    DotNet,
    Go,
}
