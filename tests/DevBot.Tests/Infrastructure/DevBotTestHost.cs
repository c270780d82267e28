using System.Net.Http.Headers;
using System.Net.Http.Json;
using DevBot.Hosting;
using DevBot.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Infrastructure;

/// <summary>
/// The real DevBot web app (API + in-process workers) on a free loopback port, against its own SQLite file
/// (or the PostgreSQL database given) and the LLM endpoint given. Nothing of ours is replaced.
/// </summary>
public sealed class DevBotTestHost : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private DevBotTestHost(WebApplication app, TempDirectory directory, Uri baseAddress)
    {
        App = app;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string DataDirectory => Path.Combine(_directory.Path, "data");

    public IServiceProvider Services => App.Services;

    /// <summary>Settings every test host uses: quick polling, quiet logs, a data folder of its own.</summary>
    public static Dictionary<string, string?> BaseSettings(string dataDirectory, string llmBaseUrl, string? databaseUrl) => new()
    {
        ["DEVBOT_DATA_DIR"] = dataDirectory,
        ["DATABASE_URL"] = databaseUrl ?? $"Data Source={Path.Combine(dataDirectory, "devbot.db")}",
        ["LLM_BASE_URL"] = llmBaseUrl,
        ["LLM_API_KEY"] = "test-llm-key",
        ["LLM_MODEL"] = "fake-model",
        // The stand-in model has no list price; tests that meter usage price it themselves.
        ["ALLOW_UNPRICED_MODELS"] = "true",
        ["Logging:LogLevel:DevBot.Billing.LlmMetering"] = "Error",
        ["JOB_POLL_SECONDS"] = "0.2",
        // Tests poll a project's status ten times a second for up to minutes; the limit itself is tested on its own
        // (RateLimitTests set theirs), and a loaded machine must not turn a long wait into a 429.
        ["RATE_LIMIT_PER_MINUTE"] = "100000",
        ["JOB_RETRY_BASE_SECONDS"] = "0.5",
        ["LLM_MAX_RETRY_DELAY_SECONDS"] = "2",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
    };

    public static async Task<DevBotTestHost> StartAsync(
        string llmBaseUrl,
        string? databaseUrl = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        bool runWorkers = true,
        Action<IServiceCollection>? services = null)
    {
        var directory = new TempDirectory();
        var values = BaseSettings(Path.Combine(directory.Path, "data"), llmBaseUrl, databaseUrl);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = DevBotWebApp.Build(["--urls", "http://127.0.0.1:0"], runWorkers, builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole();
            services?.Invoke(builder.Services);
        });
        await app.MigrateIfConfiguredAsync(CancellationToken.None);
        await app.StartAsync();
        return new DevBotTestHost(app, directory, new Uri(LoopbackServer.AddressOf(app.Services) + "/"));
    }

    /// <summary>Creates a user and an HttpClient that authenticates as them.</summary>
    public async Task<ApiUser> CreateUserAsync(string name = "alice", bool admin = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(name, admin, Actor.CommandLine, CancellationToken.None);
        return new ApiUser(created.User.Id, created.ApiKey, CreateClient(created.ApiKey));
    }

    /// <summary>Runs <paramref name="action"/> with the services of a fresh scope (its own DbContext), as a request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _directory.Dispose();
    }
}

public sealed record ApiUser(Guid Id, string ApiKey, HttpClient Http);
