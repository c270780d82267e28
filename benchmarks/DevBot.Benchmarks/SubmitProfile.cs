using System.Diagnostics;
using DevBot.Data;
using DevBot.Hosting;
using DevBot.Jobs;
using DevBot.Projects;
using DevBot.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Benchmarks;

internal static class SubmitProfile
{
    public static async Task RunAsync(string databaseUrl, int count)
    {
        using var host = CliHost.Build(builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl, ["MAX_QUEUED_BUILDS_PER_USER"] = "10000" });
            if (Environment.GetEnvironmentVariable("PROFILE_LOG") is { } category)
            {
                builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
                builder.Logging.AddFilter((c, l) => c is not null && c.StartsWith(category, StringComparison.Ordinal));
            }
        });
        await host.MigrateAsync(CancellationToken.None);
        Guid userId;
        var users = new List<Guid>();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            for (var i = 0; i < 300; i++)
            {
                users.Add((await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync("p", false, Actor.CommandLine, CancellationToken.None)).User.Id);
            }

            userId = users[0];
        }

        var next = 0;

        async Task TimeAsync(string name, Func<Task> action)
        {
            await action();
            var watch = Stopwatch.StartNew();
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < count; i++)
            {
                await action();
            }

            var used = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds / count:0.000} ms wall, {used.TotalMilliseconds / count:0.000} ms cpu each");
        }

        var plain = new Microsoft.Data.Sqlite.SqliteConnection(databaseUrl);
        await plain.OpenAsync();
        await TimeAsync("raw ADO SELECT 1 (open connection)", async () =>
        {
            await using var c = plain.CreateCommand();
            c.CommandText = "SELECT 1";
            await c.ExecuteScalarAsync();
        });
        await TimeAsync("raw ADO open+SELECT 1+close (pooled)", async () =>
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(databaseUrl);
            await connection.OpenAsync();
            await using var c = connection.CreateCommand();
            c.CommandText = "SELECT 1";
            await c.ExecuteScalarAsync();
        });
        await TimeAsync("EF scope + SqlQueryRaw SELECT 1", async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").ToListAsync();
        });
        await TimeAsync("EF scope + CountAsync jobs of user", async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            await db.Set<Job>().CountAsync(j => j.UserId == userId && j.Status == JobStatus.Queued);
        });
        {
            await using var sharedScope = host.Services.CreateAsyncScope();
            var shared = sharedScope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            await shared.Database.OpenConnectionAsync();
            await TimeAsync("DevBot context, open connection: SqlQueryRaw SELECT 1", async () => await shared.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").ToListAsync());
            await TimeAsync("DevBot context, open connection: CountAsync", async () => await shared.Set<Job>().CountAsync(j => j.UserId == userId && j.Status == JobStatus.Queued));
            var queue = sharedScope.ServiceProvider.GetRequiredService<JobQueue>();

        }

        await TimeAsync("SubmitAsync (cpu)", async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ProjectService>().SubmitAsync(users[next++ % users.Count], "A build", null, null, Actor.CommandLine, CancellationToken.None);
        });
        await TimeAsync("SubmitAsync with the connection opened first (cpu)", async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ProjectService>().SubmitAsync(users[next++ % users.Count], "A build", null, null, Actor.CommandLine, CancellationToken.None);
        });
        var phases = new Dictionary<string, double>();
        for (var i = 0; i < count; i++)
        {
            var w = Stopwatch.StartNew();
            void Mark(string name) { phases[name] = phases.GetValueOrDefault(name) + w.Elapsed.TotalMilliseconds; w.Restart(); }
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
            var audit = scope.ServiceProvider.GetRequiredService<DevBot.Audit.AuditTrail>();
            Mark("scope");
            await using var transaction = await DirectConnection.BeginAsync(db, CancellationToken.None);
            Mark("open+begin");
            var user = users[next++ % users.Count];
            var standing = await queue.StandingAsync(transaction, user, CancellationToken.None);
            Mark("standing");
            var project = new Project { UserId = user, Title = "t", Description = "d", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            var job = queue.Create(project.Id, user, "build", standing);
            var queuedEvent = ProjectEventLog.Row(project.Id, new DevBot.Projects.Events.BuildQueued(job.Id), DateTime.UtcNow);
            Mark("event row");
            var entry = audit.Entry(Actor.CommandLine, "project.created", new { projectId = project.Id, jobId = job.Id, title = project.Title }, user);
            Mark("audit row");
            await queue.InsertAsync(transaction, [project, job, queuedEvent, entry], job, CancellationToken.None);
            Mark("insert+position");
            await transaction.CommitAsync(CancellationToken.None);
            Mark("commit");
        }

        Console.WriteLine("phases (ms wall each): " + string.Join(", ", phases.Select(p => $"{p.Key} {p.Value / count:0.000}")));
        await TimeAsync("EF scope only", async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            _ = scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Model;
        });

        // Calibration: the floor's work (two inserts in a transaction) on the same database, through the same connection type.
        var calibrate = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($v, 'x')";
            var p = command.CreateParameter();
            p.ParameterName = "$v";
            p.Value = "cal" + i;
            command.Parameters.Add(p);
            await command.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            await connection.CloseAsync();
        }

        Console.WriteLine($"calibration (raw insert in a transaction): {calibrate.Elapsed.TotalMilliseconds / count:0.000} ms each");

    }
}
