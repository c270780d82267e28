namespace DevBot.Sandbox;

/// <summary>The sandbox chosen at start-up (see <see cref="SandboxSelector"/>); the one <see cref="ICodeSandbox"/> of the process.</summary>
internal sealed class CodeSandbox : ICodeSandbox
{
    private readonly ISandboxLauncher? _launcher;
    private readonly Func<string, bool> _hasTool;
    private readonly string _baseDirectory;
    private readonly (uint Uid, uint Gid)? _owner;
    private readonly TimeProvider _time;

    private CodeSandbox(SandboxMode mode, SandboxLimits limits, ISandboxLauncher? launcher, Func<string, bool> hasTool,
        string baseDirectory, (uint Uid, uint Gid)? owner, TimeProvider time, string? warning, string? refusal)
    {
        Mode = mode;
        Limits = limits;
        _launcher = launcher;
        _hasTool = hasTool;
        _baseDirectory = baseDirectory;
        _owner = owner;
        _time = time;
        Warning = warning;
        Refusal = refusal;
    }

    public SandboxMode Mode { get; }

    public string? Warning { get; }

    public SandboxLimits Limits { get; }

    /// <summary>Set when SANDBOX named a sandbox explicitly and it is unusable: serve and worker refuse to start with this sentence.</summary>
    internal string? Refusal { get; }

    public static CodeSandbox Running(SandboxMode mode, SandboxLimits limits, ISandboxLauncher launcher, Func<string, bool> hasTool,
        string baseDirectory, (uint Uid, uint Gid)? owner, TimeProvider time) =>
        new(mode, limits, launcher, hasTool, baseDirectory, owner, time, warning: null, refusal: null);

    public static CodeSandbox Disabled(SandboxLimits limits, string warning, string? refusal) =>
        new(SandboxMode.Off, limits, launcher: null, _ => false, "", owner: null, TimeProvider.System, warning, refusal);

    public bool HasTool(string executable) => Mode != SandboxMode.Off && _hasTool(executable);

    public Task<ISandboxSession> OpenAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        if (_launcher is null || OperatingSystem.IsWindows())
        {
            throw new InvalidOperationException($"Generated code cannot run: {Warning}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var workspace = SandboxWorkspace.Create(_baseDirectory, files, _owner);
        return Task.FromResult<ISandboxSession>(new SandboxSession(workspace, Limits, _launcher, _time));
    }
}
