using System.Net;
using System.Net.Sockets;
using DevBot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DevBot.Tests.Hosting;

/// <summary>Configuration and start-up errors of the built binary: one or two sentences naming the variable, exit code ≠ 0.</summary>
public sealed class StartupErrorTests(PostgresServer postgres)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("JOB_LEASE_SECONDS", "1")]
    [InlineData("JOB_LEASE_SECONDS", "abc")]
    [InlineData("LLM_MAX_RETRIES", "99")]
    [InlineData("MARKUP_FACTOR", "0")]
    [InlineData("WORKER_CONCURRENCY", "1.5")]
    [InlineData("DATABASE_MIGRATE_ON_START", "maybe")]
    [InlineData("SANDBOX", "jail")]
    public async Task An_invalid_setting_stops_the_worker_with_a_sentence_naming_its_variable(string variable, string value)
    {
        using var work = new TempDirectory();
        await using var worker = await RunAsync(work, new() { [variable] = value }, "worker");

        worker.ShouldBeAStartupError(variable);
        worker.ErrorLines.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_out_of_range_number_names_the_variable_its_range_and_its_default_not_the_property()
    {
        using var work = new TempDirectory();
        await using var worker = await RunAsync(work, new() { ["JOB_LEASE_SECONDS"] = "1" }, "worker");

        worker.ExitCode.ShouldBe(2, worker.Output);
        worker.StandardError.Trim().ShouldBe("JOB_LEASE_SECONDS is 1 but must be between 2 and 3600: change it, or remove it to use the default (30).");
        worker.Output.ShouldNotContain("LeaseSeconds");
    }

    [Theory]
    [InlineData("mysql://localhost/devbot")]
    [InlineData("postgres://")]
    [InlineData("Host=localhost;Bogus=1")]
    public async Task A_database_url_that_is_not_understood_is_named_without_showing_it(string url)
    {
        using var work = new TempDirectory();
        await using var migrate = await RunAsync(work, new() { ["DATABASE_URL"] = url }, "migrate");

        migrate.ShouldBeAStartupError("DATABASE_URL");
    }

    [Fact]
    public async Task An_unreachable_postgresql_stops_serve_with_the_host_port_and_variable_and_no_password()
    {
        using var work = new TempDirectory();
        var port = FreeTcpPort.Next();
        await using var serve = await RunAsync(work, new() { ["DATABASE_URL"] = $"postgres://devbot:s3cret-pw@127.0.0.1:{port}/devbot" }, "serve", "--urls", "http://127.0.0.1:0");

        serve.ShouldBeAStartupError("DATABASE_URL");
        serve.StandardError.ShouldContain($"127.0.0.1:{port}");
        serve.StandardError.ShouldContain("cannot be reached");
        serve.Output.ShouldNotContain("s3cret-pw");
    }

    [Fact]
    public async Task An_unreachable_database_stops_the_start_even_when_migrations_are_not_applied_on_start()
    {
        using var work = new TempDirectory();
        await using var worker = await RunAsync(work, new() { ["DATABASE_URL"] = $"Host=127.0.0.1;Port={FreeTcpPort.Next()};Database=devbot;Username=devbot", ["DATABASE_MIGRATE_ON_START"] = "false" }, "worker");

        worker.ShouldBeAStartupError("DATABASE_URL");
    }

    [Fact]
    public async Task A_postgresql_database_that_does_not_exist_is_named_with_the_fix()
    {
        using var work = new TempDirectory();
        var existing = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken)) { Database = "no_such_database" };
        await using var migrate = await RunAsync(work, new() { ["DATABASE_URL"] = existing.ConnectionString }, "migrate");

        migrate.ShouldBeAStartupError("DATABASE_URL");
        migrate.StandardError.ShouldContain("no_such_database");
    }

    [Fact]
    public async Task A_migration_that_fails_on_sqlite_names_the_migration_and_what_to_run_and_keeps_nothing_of_it()
    {
        using var work = new TempDirectory();
        var file = Path.Combine(work.Path, "taken.db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE users (something_else TEXT)";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var migrate = await RunAsync(work, new() { ["DATABASE_URL"] = $"Data Source={file}" }, "migrate");

        migrate.ShouldBeAStartupError("DATABASE_URL");
        migrate.StandardError.ShouldContain("Migration 0001_core failed");
        migrate.StandardError.ShouldContain("devbot migrate");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
            ((long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_migration_that_postgresql_refuses_names_the_migration_and_the_database_message()
    {
        using var work = new TempDirectory();
        var admin = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken));
        var role = "limited_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"CREATE ROLE {role} LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC;", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var migrate = await RunAsync(work, new() { ["DATABASE_URL"] = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Username = role }.ConnectionString }, "migrate");

        migrate.ShouldBeAStartupError("DATABASE_URL");
        migrate.StandardError.ShouldContain("permission denied");
    }

    [Fact]
    public async Task A_port_in_use_stops_serve_with_a_sentence_naming_the_address_and_urls()
    {
        using var work = new TempDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        await using var serve = await RunAsync(work, [], "serve", "--urls", address);

        serve.ShouldBeAStartupError("--urls");
        serve.StandardError.ShouldContain(address);
    }

    [Fact]
    public async Task The_exception_of_a_start_up_error_is_logged_at_debug_level_only()
    {
        using var work = new TempDirectory();
        await using var worker = await RunAsync(work, new() { ["JOB_LEASE_SECONDS"] = "1", ["Logging:LogLevel:Default"] = "Debug" }, "worker");

        worker.ExitCode.ShouldBe(2);
        worker.ErrorLines.ShouldHaveSingleItem().ShouldContain("JOB_LEASE_SECONDS");
        worker.StandardOutput.ShouldContain("dbug: DevBot.Startup");
        worker.StandardOutput.ShouldContain("OptionsValidationException");
    }

    /// <summary>Runs the binary with the test settings plus <paramref name="settings"/> until it exits.</summary>
    private static async Task<DevBotProcess> RunAsync(TempDirectory work, Dictionary<string, string?> settings, params string[] args)
    {
        var environment = Settings(work);
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var process = DevBotProcess.Start(environment, work.Path, args);
        await process.WaitForExitAsync(ExitTimeout);
        return process;
    }

    private static Dictionary<string, string?> Settings(TempDirectory work) =>
        DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);
}
