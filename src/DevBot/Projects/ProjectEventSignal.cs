using System.Collections.Concurrent;
using DevBot.Shared;

namespace DevBot.Projects;

/// <summary>
/// Wakes event readers in this process when events were committed: by the writer when it is in this process, by
/// <see cref="ProjectEventWatcher"/> for events of other processes. A project's event stream waits for its own
/// project only, so with thousands of builds followed at once each event wakes the few streams that follow its
/// project instead of all of them (the load benchmark: a process-wide pulse made every stream re-read on every event
/// of every build, and a poll per stream each second made 2,000 streams cost more than the builds).
/// </summary>
public sealed class ProjectEventSignal
{
    private readonly AsyncPulse _any = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _projects = new();

    /// <summary>Events of <paramref name="projectId"/> were committed: wakes its streams and every reader of all events.</summary>
    public void Pulse(Guid projectId)
    {
        if (_projects.TryRemove(projectId, out var waiting))
        {
            waiting.TrySetResult();
        }

        _any.Pulse();
    }

    /// <summary>Events of projects not named were committed: wakes every reader.</summary>
    public void PulseAll()
    {
        foreach (var projectId in _projects.Keys)
        {
            if (_projects.TryRemove(projectId, out var waiting))
            {
                waiting.TrySetResult();
            }
        }

        _any.Pulse();
    }

    /// <summary>Whether any project's event stream waits here (what <see cref="ProjectEventWatcher"/> looks for events for).</summary>
    public bool HasProjectWaiters => !_projects.IsEmpty;

    /// <summary>Waits for events of any project, at most <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        _any.WaitAsync(timeout, time, cancellationToken);

    /// <summary>Waits for events of <paramref name="projectId"/>, at most <paramref name="timeout"/>.</summary>
    public async Task WaitForProjectAsync(Guid projectId, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var waiting = _projects.GetOrAdd(projectId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await waiting.Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Polling is the fallback for events committed by another process.
        }
    }
}
