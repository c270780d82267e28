using DevBot.Data;
using DevBot.Projects;
using DevBot.Retrieval;
using DevBot.Retrieval.Indexing;
using DevBot.Tests.Infrastructure;
using DevBot.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Retrieval;

/// <summary>
/// The retrieval services over a real, migrated database of the test's own (a SQLite file in a temp folder, or
/// the PostgreSQL database given), with one user and one project to index.
/// </summary>
internal sealed class RetrievalDatabase : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly ServiceProvider _services;

    private RetrievalDatabase(TempDirectory directory, ServiceProvider services, Guid userId)
    {
        _directory = directory;
        _services = services;
        UserId = userId;
    }

    public Guid UserId { get; }

    public IServiceProvider Services => _services;

    public static async Task<RetrievalDatabase> CreateAsync(string? databaseUrl = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = new TempDirectory();
        var values = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = databaseUrl ?? $"Data Source={Path.Combine(directory.Path, "retrieval.db")}",
            ["DEVBOT_DATA_DIR"] = directory.Path,
        };
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
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });

        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SqlMigrator>().MigrateAsync(CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var user = new User { Name = "retrieval", CreatedAt = DateTime.UtcNow };
        db.Set<User>().Add(user);
        await db.SaveChangesAsync();
        return new RetrievalDatabase(directory, provider, user.Id);
    }

    public async Task<Guid> CreateProjectAsync(string title = "Sample")
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        var project = new Project { UserId = UserId, Title = title, Description = title, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Set<Project>().Add(project);
        await db.SaveChangesAsync();
        return project.Id;
    }

    public async Task<IndexResult> IndexAsync(Guid projectId, IEnumerable<(string Path, string Content)> files, params string[] removed)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CodeIndexer>()
            .IndexAsync(projectId, files.Select(f => new SourceFile(f.Path, f.Content)).ToList(), removed, CancellationToken.None);
    }

    /// <summary>Runs <paramref name="action"/> with services of a fresh scope (one DbContext), as one request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
