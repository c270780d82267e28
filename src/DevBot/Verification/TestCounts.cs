namespace DevBot.Verification;

/// <summary>Test counts read from a runner's output. <see cref="Errors"/> are tests that crashed rather than failed an assertion (unittest, pytest, build failures of a Go package).</summary>
public sealed record TestCounts(int Passed, int Failed, int Errors, int Skipped)
{
    public int Total => Passed + Failed + Errors + Skipped;

    /// <summary>Failed and errored together: what a user calls "failed".</summary>
    public int NotPassed => Failed + Errors;
}
