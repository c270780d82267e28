namespace DevBot.Sandbox;

/// <summary>What a sandboxed command is for; it labels the sandbox's metrics and changes nothing about the run.</summary>
public enum SandboxRunKind
{
    Other,

    /// <summary>Installing the project's dependencies.</summary>
    Install,

    /// <summary>A syntax or compile check of changed files.</summary>
    StaticCheck,

    /// <summary>The project's tests (or its compile check when it has none).</summary>
    Tests,

    /// <summary>A quick question about the environment, e.g. whether pytest can be imported.</summary>
    Probe,
}
