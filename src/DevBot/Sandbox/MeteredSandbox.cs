namespace DevBot.Sandbox;

/// <summary>The process's <see cref="ICodeSandbox"/>: the sandbox chosen at start-up, with every run it makes counted in <see cref="SandboxMetrics"/>.</summary>
internal sealed class MeteredSandbox : ICodeSandbox
{
    private readonly ICodeSandbox _inner;
    private readonly SandboxMetrics _metrics;
    private readonly TimeProvider _time;

    public MeteredSandbox(ICodeSandbox inner, SandboxMetrics metrics, TimeProvider time)
    {
        _inner = inner;
        _metrics = metrics;
        _time = time;
        metrics.ModeChosen(inner.Mode);
    }

    public SandboxMode Mode => _inner.Mode;

    public string? Warning => _inner.Warning;

    public SandboxLimits Limits => _inner.Limits;

    public bool HasTool(string executable) => _inner.HasTool(executable);

    public async Task<ISandboxSession> OpenAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken) =>
        new MeteredSession(await _inner.OpenAsync(files, cancellationToken), _metrics, _time);

    private sealed class MeteredSession(ISandboxSession inner, SandboxMetrics metrics, TimeProvider time) : ISandboxSession
    {
        public async Task<SandboxResult> RunAsync(SandboxCommand command, CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            try
            {
                var result = await inner.RunAsync(command, cancellationToken);
                metrics.Ran(command.Kind, result);
                return result;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                metrics.Broke(command.Kind, SandboxRunOutcome.Cancelled, time.GetElapsedTime(started));
                throw;
            }
            catch (Exception ex) when (ex is not ArgumentException)
            {
                metrics.Broke(command.Kind, SandboxRunOutcome.Error, time.GetElapsedTime(started));
                throw;
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
