using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

// The floor of the accept benchmark: a bearer check (SHA-256 of the key looked up in a table) and a two-row insert
// (a project and its job) in one transaction, into the same kind of database DevBot uses. Nothing else: no queue
// order, no limits, no audit, no framework beyond minimal APIs. DevBot's POST /api/v1/projects is measured against it.
//
//   FLOOR_DATABASE   "Data Source=file.db" (SQLite, WAL, synchronous=NORMAL as DevBot) or an Npgsql connection string
//   FLOOR_KEYS       a file with one API key a line (the same keys DevBot's benchmark users have)
//   FLOOR_PREFILL    rows already queued before the run (default 0)
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();

var connectionString = Environment.GetEnvironmentVariable("FLOOR_DATABASE") ?? throw new InvalidOperationException("Set FLOOR_DATABASE.");
var postgres = !connectionString.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase);
await using var dataSource = postgres ? NpgsqlDataSource.Create(connectionString) : null;

async Task<DbConnection> OpenAsync()
{
    if (dataSource is not null)
    {
        return await dataSource.OpenConnectionAsync();
    }

    var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync();
    await Execute(connection, null, "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;");
    return connection;
}

static async Task Execute(DbConnection connection, DbTransaction? transaction, string sql, params object[] values)
{
    await using var command = connection.CreateCommand();
    command.Transaction = transaction;
    command.CommandText = sql;
    for (var i = 0; i < values.Length; i++)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = $"p{i}";
        parameter.Value = values[i];
        command.Parameters.Add(parameter);
    }

    await command.ExecuteNonQueryAsync();
}

static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

await using (var setup = await OpenAsync())
{
    var text = postgres ? "text" : "TEXT";
    if (!postgres)
    {
        await Execute(setup, null, "PRAGMA journal_mode=WAL;");
    }

    await Execute(setup, null, $"CREATE TABLE IF NOT EXISTS api_keys (key_hash {text} PRIMARY KEY, user_id {text} NOT NULL)");
    await Execute(setup, null, $"CREATE TABLE IF NOT EXISTS projects (id {text} PRIMARY KEY, user_id {text} NOT NULL, description {text} NOT NULL, created_at {text} NOT NULL)");
    await Execute(setup, null, $"CREATE TABLE IF NOT EXISTS jobs (id {text} PRIMARY KEY, project_id {text} NOT NULL REFERENCES projects(id), user_id {text} NOT NULL, status {text} NOT NULL, created_at {text} NOT NULL)");
    await using var transaction = await setup.BeginTransactionAsync();
    foreach (var key in File.ReadLines(Environment.GetEnvironmentVariable("FLOOR_KEYS") ?? throw new InvalidOperationException("Set FLOOR_KEYS.")))
    {
        await Execute(setup, transaction, "INSERT INTO api_keys (key_hash, user_id) VALUES (@p0, @p1) ON CONFLICT DO NOTHING", Hash(key.Trim()), Guid.NewGuid().ToString());
    }

    var prefill = int.Parse(Environment.GetEnvironmentVariable("FLOOR_PREFILL") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
    for (var i = 0; i < prefill; i++)
    {
        var projectId = Guid.CreateVersion7().ToString();
        var now = DateTime.UtcNow.ToString("O");
        await Execute(setup, transaction, "INSERT INTO projects (id, user_id, description, created_at) VALUES (@p0, @p1, 'prefill', @p2)", projectId, $"prefill-{i / 10}", now);
        await Execute(setup, transaction, "INSERT INTO jobs (id, project_id, user_id, status, created_at) VALUES (@p0, @p1, @p2, 'queued', @p3)", Guid.CreateVersion7().ToString(), projectId, $"prefill-{i / 10}", now);
    }

    await transaction.CommitAsync();
}

app.MapGet("/health/live", () => Results.Ok(new Dictionary<string, string> { ["status"] = "Healthy" }));

app.MapPost("/api/v1/projects", async (HttpContext http) =>
{
    string? header = http.Request.Headers.Authorization;
    if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal))
    {
        return Results.Unauthorized();
    }

    await using var connection = await OpenAsync();
    string? userId;
    await using (var lookup = connection.CreateCommand())
    {
        lookup.CommandText = "SELECT user_id FROM api_keys WHERE key_hash = @p0";
        var parameter = lookup.CreateParameter();
        parameter.ParameterName = "p0";
        parameter.Value = Hash(header["Bearer ".Length..].Trim());
        lookup.Parameters.Add(parameter);
        userId = await lookup.ExecuteScalarAsync() as string;
    }

    if (userId is null)
    {
        return Results.Unauthorized();
    }

    using var body = await JsonDocument.ParseAsync(http.Request.Body);
    if (!body.RootElement.TryGetProperty("description", out var description) || description.GetString() is not { Length: > 0 } text)
    {
        return Results.BadRequest();
    }

    var projectId = Guid.CreateVersion7().ToString();
    var jobId = Guid.CreateVersion7().ToString();
    var now = DateTime.UtcNow.ToString("O");
    await using (var transaction = await connection.BeginTransactionAsync())
    {
        await Execute(connection, transaction, "INSERT INTO projects (id, user_id, description, created_at) VALUES (@p0, @p1, @p2, @p3)", projectId, userId, text, now);
        await Execute(connection, transaction, "INSERT INTO jobs (id, project_id, user_id, status, created_at) VALUES (@p0, @p1, @p2, 'queued', @p3)", jobId, projectId, userId, now);
        await transaction.CommitAsync();
    }

    return Results.Accepted($"/api/v1/projects/{projectId}", new Dictionary<string, string> { ["id"] = projectId, ["jobId"] = jobId, ["status"] = "queued" });
});

await app.RunAsync();
