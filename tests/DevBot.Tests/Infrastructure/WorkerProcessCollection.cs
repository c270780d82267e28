namespace DevBot.Tests.Infrastructure;

/// <summary>
/// Tests that start several `devbot` worker processes and wait for them to reach a point (a held model request,
/// a claimed job) run one after another: each alone starts up to five .NET processes, and on a 2-core machine
/// several at once starve each other past their bounds. They still run in parallel with every other test.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkerProcessCollection
{
    public const string Name = "worker processes";
}
