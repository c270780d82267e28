using DevBot.Data;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Projects;

public sealed class ProjectEventWatcherTests
{
    [Fact]
    public async Task A_stream_waiting_for_its_project_wakes_for_an_event_written_without_a_pulse_as_another_process_writes_it()
    {
        await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", databaseUrl: null, runWorkers: false);
        var alice = await host.CreateUserAsync();
        var projectId = (await ProjectApi.SubmitAsync(alice.Http)).Id();
        var signal = host.Services.GetRequiredService<ProjectEventSignal>();

        // Far longer than the test may take: only the watcher can end this wait.
        var woken = signal.WaitForProjectAsync(projectId, TimeSpan.FromHours(1), TimeProvider.System, CancellationToken.None);
        for (var written = 0; written < 30 && !woken.IsCompleted; written++)
        {
            // Written the way another process's worker writes it: committed here, no pulse in this process.
            await host.InScopeAsync(async services =>
            {
                services.GetRequiredService<ProjectEventLog>().Append(projectId, new PlanningStarted(), DateTime.UtcNow);
                return await services.GetRequiredService<DevBotDbContext>().SaveChangesAsync();
            });
            await Task.WhenAny(woken, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        woken.IsCompleted.ShouldBeTrue("the watcher found the event and woke the project's stream");
    }
}
