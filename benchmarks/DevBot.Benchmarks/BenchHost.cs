using DevBot.Data;
using DevBot.Projects;
using DevBot.Retrieval;
using DevBot.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Benchmarks;

/// <summary>The real retrieval services over a migrated database (a fresh SQLite file, or the PostgreSQL URL given).</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BenchHost(ServiceProvider services, Guid userId, string databaseUrl)
    {
        _services = services;
        UserId = userId;
        DatabaseUrl = databaseUrl;
    }

    public Guid UserId { get; }

    public string DatabaseUrl { get; }

    public IServiceProvider Services => _services;

    /// <summary>A new SQLite file under the system temp folder, or the given PostgreSQL database emptied of earlier runs.</summary>
    public static string DatabaseUrlFor(string? postgresUrl) =>
        postgresUrl ?? $"Data Source={Path.Combine(Path.GetTempPath(), "devbot-bench", Guid.NewGuid().ToString("N") + ".db")}";

    public static async Task<BenchHost> StartAsync(string databaseUrl, IReadOnlyDictionary<string, string?>? settings = null, bool createUser = true)
    {
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "devbot-bench"));
        var values = new Dictionary<string, string?> { ["DATABASE_URL"] = databaseUrl, ["RETRIEVAL_CACHE_CHUNKS"] = "2000000" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDevBotData(configuration);
        services.AddDevBotProjects();
        services.AddDevBotRetrieval(configuration);
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SqlMigrator>().MigrateAsync(CancellationToken.None);
        var userId = Guid.Empty;
        if (createUser)
        {
            var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
            var user = new User { Name = "bench", CreatedAt = DateTime.UtcNow };
            db.Set<User>().Add(user);
            await db.SaveChangesAsync();
            userId = user.Id;
        }

        return new BenchHost(provider, userId, databaseUrl);
    }

    public async Task<Guid> CreateProjectAsync(string title)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var project = new Project { UserId = UserId, Title = title, Description = title, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Set<Project>().Add(project);
        await db.SaveChangesAsync();
        return project.Id;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
