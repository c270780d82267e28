using System.Diagnostics;
using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;

namespace DevBot.Tests.Infrastructure;

/// <summary>
/// A real S3-compatible server (the npm package s3rver, installed by scripts/test.sh) on a free loopback port with
/// a folder of its own. Use it as a class fixture (one server per test class) or start one in a test that stops
/// it. Every test takes its own bucket from <see cref="CreateBucketAsync"/>. s3rver accepts any signature: request
/// signing is tested against <c>SigV4StandIn</c> instead.
/// </summary>
public sealed class S3Server : IAsyncLifetime
{
    public const string AccessKeyId = "S3RVER";
    public const string SecretAccessKey = "S3RVER";
    public const string Region = "us-east-1";

    private const string Version = "3.7.1";
    private const int StartAttempts = 5;

    private readonly TempDirectory _folder = new();
    private Process? _process;

    public int Port { get; private set; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static async Task<S3Server> StartAsync()
    {
        var server = new S3Server();
        await server.InitializeAsync();
        return server;
    }

    public async ValueTask InitializeAsync()
    {
        var program = Locate();
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeTcpPort.Next();
            var info = new ProcessStartInfo(program)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = _folder.Path,
            };
            foreach (var argument in new[] { "-d", Path.Combine(_folder.Path, "s3"), "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-vhost-buckets", "--silent" })
            {
                info.ArgumentList.Add(argument);
            }

            Directory.CreateDirectory(Path.Combine(_folder.Path, "s3"));
            _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
            var errors = _process.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            if (await WaitUntilListeningAsync())
            {
                return;
            }

            Stop();
            // Another process can take the port between our probe and s3rver's bind: try another one.
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"s3rver did not start on port {Port}: {await errors}");
            }
        }
    }

    /// <summary>A new, empty bucket of the calling test's own.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var bucket = "test-" + Guid.NewGuid().ToString("N")[..20];
        using var client = CreateClient();
        await client.PutBucketAsync(bucket);
        return bucket;
    }

    /// <summary>The settings that point DevBot at this server and the bucket.</summary>
    public Dictionary<string, string?> Settings(string bucket) => new()
    {
        ["STORAGE_PROVIDER"] = "s3",
        ["S3_ENDPOINT"] = Endpoint,
        ["S3_BUCKET"] = bucket,
        ["S3_REGION"] = Region,
        ["S3_ACCESS_KEY_ID"] = AccessKeyId,
        ["S3_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["S3_FORCE_PATH_STYLE"] = "true",
    };

    /// <summary>A client of the test's own, to look into buckets independently of DevBot's code.</summary>
    public AmazonS3Client CreateClient() => new(AccessKeyId, SecretAccessKey, new AmazonS3Config
    {
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = Region,
    });

    public async Task<List<S3Object>> ListAsync(string bucket)
    {
        using var client = CreateClient();
        var listing = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        return listing.S3Objects ?? [];
    }

    public async Task<byte[]> ReadAsync(string bucket, string key)
    {
        using var client = CreateClient();
        using var response = await client.GetObjectAsync(bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>Kills the server (its data stays until disposal): the store is "down".</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process?.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> WaitUntilListeningAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!timeout.IsCancellationRequested && !_process!.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port, timeout.Token);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>DEVBOT_S3RVER, or where scripts/lib/npm-tools.sh installs it.</summary>
    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("DEVBOT_S3RVER");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var cache = Environment.GetEnvironmentVariable("DEVBOT_TOOLS_CACHE")
            ?? Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "devbot");
        var program = Path.Combine(cache, "npm", $"s3rver-{Version}", "node_modules", ".bin", "s3rver");
        return File.Exists(program)
            ? program
            : throw new InvalidOperationException(
                $"s3rver {Version} is not installed at {program}: run `bash scripts/test.sh` once (it installs it), or set DEVBOT_S3RVER to its path.");
    }
}
