using DevBot.Data;
using DevBot.Hosting;
using DevBot.Jobs;
using DevBot.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Benchmarks;

/// <summary>
/// After the accept runs, on the same (deep) queue: how long a status read's queue position takes for jobs at the
/// front, at the end of the largest bucket, and at the very back, and how long a claim takes.
/// </summary>
internal static class AcceptProbe
{
    public static async Task RunAsync(string databaseUrl, int repeats)
    {
        using var host = CliHost.Build(builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl }));
        Dictionary<string, Guid> samples;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var queued = scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<Job>().AsNoTracking().Where(j => j.Status == JobStatus.Queued);
            samples = new Dictionary<string, Guid>
            {
                ["front of the line"] = await queued.OrderBy(j => j.QueueLevel).ThenBy(j => j.QueueRank).ThenBy(j => j.CreatedAt).Select(j => j.ProjectId).FirstAsync(),
                ["newest first build (end of the largest bucket)"] = await queued.Where(j => j.QueueLevel == 0 && j.QueueRank == 0).OrderByDescending(j => j.CreatedAt).Select(j => j.ProjectId).FirstAsync(),
                ["back of the line"] = await queued.OrderByDescending(j => j.QueueLevel).ThenByDescending(j => j.QueueRank).ThenByDescending(j => j.CreatedAt).Select(j => j.ProjectId).FirstAsync(),
            };
        }

        foreach (var (name, projectId) in samples)
        {
            var timings = new Latencies();
            int? position = null;
            for (var i = 0; i < repeats; i++)
            {
                await using var scope = host.Services.CreateAsyncScope();
                var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
                position = await timings.TimeAsync(() => projects.QueuePositionAsync(projectId, CancellationToken.None));
            }

            Console.WriteLine($"PROBE status read, {name} (position {position}): {timings.Summary}");
        }

        var claims = new Latencies();
        for (var i = 0; i < repeats; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
            _ = await claims.TimeAsync(() => queue.TryClaimAsync("probe", CancellationToken.None))
                ?? throw new InvalidOperationException("The probe expected a job to claim.");
        }

        Console.WriteLine($"PROBE claim of the next job: {claims.Summary}");
    }
}
