using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DevBot.Benchmarks.Load;

/// <summary>
/// The load benchmark (docs/benchmarks.md, "# Load"): <c>users</c> simulated users, each with its own API key, all
/// submit one build at once over HTTP to a real <c>devbot serve</c> process and follow it over Server-Sent Events until
/// it ends; the model is <see cref="ZeroLatencyModel"/>. Reports accepted/s, accept p50/p99, time to drain, the
/// server's peak RSS and how many builds were lost (not accepted, never ended, or ended otherwise than completed).
/// </summary>
internal static class LoadRun
{
    private static readonly string[] Terminal = ["completed", "failed", "cancelled"];

    public static async Task RunAsync(string devbotDll, string databaseUrl, int workers, int users, string keysFile)
    {
        await using var model = await ZeroLatencyModel.StartAsync();
        if (File.Exists(keysFile))
        {
            File.Delete(keysFile);
        }

        // One more user than measured: its build warms the server up (JIT, pools, caches) before the burst.
        await AcceptSeed.UsersAsync(databaseUrl, keysFile, users + 1);
        var keys = (await File.ReadAllLinesAsync(keysFile)).ToList();
        var warmUpKey = keys[^1];
        keys.RemoveAt(keys.Count - 1);
        var data = Directory.CreateTempSubdirectory("devbot-load-data-");
        var port = FreePort();
        var server = StartServer(devbotDll, port, databaseUrl, workers, model.BaseUrl, data.FullName);
        var peakRss = 0L;
        try
        {
            using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = int.MaxValue };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Timeout.InfiniteTimeSpan };
            await WaitLiveAsync(http, server);
            var warmUp = await OneUserAsync(http, warmUpKey, Stopwatch.StartNew());
            if (warmUp.Outcome != "completed")
            {
                throw new InvalidOperationException("the warm-up build ended as: " + warmUp.Outcome);
            }

            Console.WriteLine($"devbot serve (pid {server.Id}) ready: {users} users, WORKER_CONCURRENCY={workers}, {Describe(databaseUrl)}");

            var results = new ConcurrentBag<UserResult>();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(keys.Select(key => Task.Run(async () => results.Add(await OneUserAsync(http, key, clock)))));
            var drained = clock.Elapsed;
            peakRss = PeakRssBytes(server.Id);
            var metrics = await http.GetStringAsync("/metrics");

            var accepted = results.Where(r => r.AcceptedAt is not null).ToList();
            var latencies = accepted.Select(r => r.AcceptLatency!.Value.TotalMilliseconds).Order().ToList();
            var lastAccept = accepted.Max(r => r.AcceptedAt!.Value);
            var completed = results.Count(r => r.Outcome == "completed");
            var succeededJobs = Gauge(metrics, "devbot_jobs{status=\"succeeded\"}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"accepted {accepted.Count}/{users} in {lastAccept.TotalSeconds:F1} s = {accepted.Count / lastAccept.TotalSeconds:F0}/s; accept p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {latencies[^1]:F0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"drained in {drained.TotalSeconds:F1} s ({completed / drained.TotalSeconds:F1} builds/s); completed over SSE {completed}, jobs succeeded (/metrics, warm-up included) {succeededJobs}; lost {users - completed}"));
            foreach (var problem in results.Where(r => r.Outcome != "completed").GroupBy(r => r.Outcome).Take(5))
            {
                Console.WriteLine($"  {problem.Count()} ended as: {problem.Key}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS of devbot serve: {peakRss / 1024.0 / 1024.0:F0} MB; model requests {model.Requests}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Describe(databaseUrl)}, {workers} worker(s) | {users} | {accepted.Count / lastAccept.TotalSeconds:F0} | {Percentile(latencies, 0.50):F0} / {Percentile(latencies, 0.99):F0} ms | {drained.TotalSeconds:F0} s | {peakRss / 1024 / 1024} MB | {users - completed} |"));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            data.Delete(recursive: true);
        }
    }

    private sealed record UserResult(TimeSpan? AcceptedAt, TimeSpan? AcceptLatency, string Outcome);

    private static async Task<UserResult> OneUserAsync(HttpClient http, string key, Stopwatch clock)
    {
        var started = clock.Elapsed;
        using var submit = new HttpRequestMessage(HttpMethod.Post, "api/v1/projects")
        {
            Content = JsonContent.Create(new { description = "A command line temperature converter in Python." }),
        };
        submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Guid id;
        TimeSpan acceptedAt;
        try
        {
            using var response = await http.SendAsync(submit);
            acceptedAt = clock.Elapsed;
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return new UserResult(null, null, "refused " + (int)response.StatusCode);
            }

            id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        catch (HttpRequestException ex)
        {
            return new UserResult(null, null, "submit error " + ex.HttpRequestError);
        }

        var latency = acceptedAt - started;
        try
        {
            return new UserResult(acceptedAt, latency, await FollowAsync(http, key, id));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return new UserResult(acceptedAt, latency, "stream error " + ex.GetType().Name);
        }
    }

    /// <summary>Reads the build's event stream until its final event; reconnects with Last-Event-ID if the stream ends early.</summary>
    private static async Task<string> FollowAsync(HttpClient http, string key, Guid id)
    {
        string? lastEventId = null;
        for (var connection = 0; connection < 20; connection++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/projects/{id}/events");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return "events " + (int)response.StatusCode;
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    lastEventId = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal) && Terminal.Contains(line[7..]))
                {
                    return line[7..];
                }
            }
        }

        return "stream ended without a final event";
    }

    private static Process StartServer(string devbotDll, int port, string databaseUrl, int workers, string modelUrl, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false };
        foreach (var argument in new[] { devbotDll, "serve", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = databaseUrl,
            ["DEVBOT_DATA_DIR"] = dataDirectory,
            ["LLM_BASE_URL"] = modelUrl,
            ["LLM_API_KEY"] = "bench",
            ["LLM_MODEL"] = "bench-model",
            ["ALLOW_UNPRICED_MODELS"] = "true",
            ["WORKER_CONCURRENCY"] = workers.ToString(CultureInfo.InvariantCulture),
            // Generated code is not run: the benchmark measures DevBot's own path (the sandbox has its own figures).
            ["SANDBOX"] = "off",
            ["RATE_LIMIT_PER_MINUTE"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Error",
            // The stand-in model has no price; its warning per call is noise here.
            ["Logging__LogLevel__DevBot.Billing.LlmMetering"] = "Error",
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("devbot serve did not start");
    }

    private static async Task WaitLiveAsync(HttpClient http, Process server)
    {
        for (var i = 0; i < 1200; i++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"devbot serve exited with {server.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync("health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("devbot serve did not become live in 2 minutes");
    }

    /// <summary>VmHWM: the largest resident set the process has had.</summary>
    private static long PeakRssBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static double Gauge(string metrics, string sample) =>
        metrics.Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal)) is { } line
            ? double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture)
            : double.NaN;

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    private static string Describe(string databaseUrl) => databaseUrl.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite";

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
