namespace DevBot.Sandbox;

/// <summary>How generated code runs. There is deliberately no mode that runs it unsandboxed.</summary>
public enum SandboxMode
{
    /// <summary>Generated code is never run (SANDBOX=off, or auto found no usable sandbox).</summary>
    Off,

    /// <summary>bubblewrap: Linux namespaces, read-only system folders, rlimits, an unprivileged uid.</summary>
    Bwrap,

    /// <summary>A throw-away Docker container per command (for hosts without unprivileged namespaces).</summary>
    Docker,
}

/// <summary>What the operator asked for in <c>SANDBOX</c>.</summary>
internal enum SandboxSetting
{
    Auto,
    Bwrap,
    Docker,
    Off,
}
