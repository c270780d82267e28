using DevBot.Audit;
using DevBot.Data;
using DevBot.Hosting;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Projects.Events;
using DevBot.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DevBot.Benchmarks;

/// <summary>
/// Prepares a database for the accept benchmark (benchmarks/accept/run.sh): the benchmark users with one API key each
/// (the keys written to a file, one a line, for wrk and the floor server), and builds already waiting in the queue.
/// Rows are inserted in bulk through DevBot's own entities; the queue counters are kept by the database's triggers.
/// </summary>
internal static class AcceptSeed
{
    private const int Batch = 2000;

    /// <summary>Migrates, then creates one user per key in <paramref name="keysFile"/> (writing <paramref name="users"/> new keys if it does not exist).</summary>
    public static async Task UsersAsync(string databaseUrl, string keysFile, int users)
    {
        if (!File.Exists(keysFile))
        {
            await File.WriteAllLinesAsync(keysFile, Enumerable.Range(0, users).Select(_ => ApiKeyGenerator.NewKey()));
        }

        var keys = await File.ReadAllLinesAsync(keysFile);
        using var host = Host(databaseUrl);
        await host.MigrateAsync(CancellationToken.None);
        var now = DateTime.UtcNow;
        foreach (var chunk in keys.Chunk(Batch))
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            foreach (var key in chunk)
            {
                var user = new User { Name = "bench-" + key[4..12], CreatedAt = now };
                db.Set<User>().Add(user);
                db.Set<ApiKey>().Add(new ApiKey { UserId = user.Id, KeyHash = ApiKeyGenerator.Hash(key), Prefix = ApiKeyGenerator.DisplayPrefix(key), Label = "bench", CreatedAt = now });
            }

            await db.SaveChangesAsync();
        }

        Console.WriteLine($"{keys.Length} benchmark users with one API key each ({keysFile}).");
    }

    /// <summary>
    /// Queues <paramref name="builds"/> builds, ten per user (the default MAX_QUEUED_BUILDS_PER_USER), as
    /// ProjectService would: project, job with its fairness keys, the queued event and the audit entry.
    /// </summary>
    public static async Task PrefillAsync(string databaseUrl, int builds)
    {
        using var host = Host(databaseUrl);
        await host.MigrateAsync(CancellationToken.None);
        var start = DateTime.UtcNow.AddHours(-1);
        var made = 0;
        while (made < builds)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            var events = scope.ServiceProvider.GetRequiredService<ProjectEventLog>();
            for (var inBatch = 0; inBatch < Batch && made < builds; inBatch += 10)
            {
                var user = new User { Name = "waiting", CreatedAt = start };
                db.Set<User>().Add(user);
                for (var rank = 0; rank < 10 && made < builds; rank++, made++)
                {
                    var at = start.AddTicks(made * 100);
                    var project = new Project { UserId = user.Id, Title = "Queued build", Description = "A build waiting in line", CreatedAt = at, UpdatedAt = at };
                    var job = new Job { ProjectId = project.Id, UserId = user.Id, Kind = ProjectService.BuildJobKind, QueueRank = rank, RunAfter = at, CreatedAt = at, UpdatedAt = at };
                    db.Set<Project>().Add(project);
                    db.Set<Job>().Add(job);
                    events.Append(project.Id, new BuildQueued(job.Id), at);
                    audit.Add(db, Actor.Api(user.Id), ProjectService.CreatedAction, new { projectId = project.Id, jobId = job.Id, title = project.Title }, user.Id);
                }
            }

            await db.SaveChangesAsync();
        }

        Console.WriteLine($"{made} builds queued.");
    }

    private static IHost Host(string databaseUrl) => CliHost.Build(builder =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl }));
}
