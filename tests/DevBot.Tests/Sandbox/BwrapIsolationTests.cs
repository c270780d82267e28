using System.Runtime.Versioning;
using System.Net;
using System.Net.Sockets;
using DevBot.Sandbox;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Sandbox;

/// <summary>What generated code can and cannot reach inside the real bubblewrap sandbox.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class BwrapIsolationTests
{
    private const string ConnectScript = """
        import socket, sys
        try:
            socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5).close()
            print("CONNECTED")
        except OSError as error:
            print("NO CONNECTION:", error)
            sys.exit(3)
        """;

    [Fact]
    public async Task Runs_a_command_over_a_copy_of_the_files_and_returns_exit_code_and_interleaved_output()
    {
        var sandbox = RealSandbox.Create();
        var files = new Dictionary<string, string> { ["src/hello.txt"] = "hello from the copy\n" };

        var result = await RealSandbox.RunAsync(sandbox, files,
            SandboxCommand.Shell("cat src/hello.txt; echo to-stderr >&2; echo after; pwd; exit 3"));

        result.ExitCode.ShouldBe(3);
        result.TimedOut.ShouldBeFalse();
        result.Output.ShouldBe("hello from the copy\nto-stderr\nafter\n/project\n");
        result.OutputTruncated.ShouldBeFalse();
        result.LimitHit.ShouldBeNull();
    }

    [Fact]
    public async Task A_connect_to_a_loopback_listener_of_the_host_fails_inside_the_sandbox()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var sandbox = RealSandbox.Create();

        var result = await RealSandbox.RunAsync(sandbox, new SandboxCommand(["python3", "-c", ConnectScript, port.ToString()]));

        result.ExitCode.ShouldBe(3, result.Output);
        result.Output.ShouldContain("NO CONNECTION");
        listener.Pending().ShouldBeFalse("nothing reached the host's listener");
    }

    [Fact]
    public async Task Network_is_granted_only_to_a_command_that_asks_for_it_when_SANDBOX_INSTALL_NETWORK_is_true()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString();
        var connect = new[] { "python3", "-c", ConnectScript, port };

        var offline = RealSandbox.Create(o => o.InstallNetwork = false);
        (await RealSandbox.RunAsync(offline, new SandboxCommand(connect, Network: true))).ExitCode.ShouldBe(3, "SANDBOX_INSTALL_NETWORK=false never grants the network");

        var online = RealSandbox.Create(o => o.InstallNetwork = true);
        (await RealSandbox.RunAsync(online, new SandboxCommand(connect, Network: false))).ExitCode.ShouldBe(3, "a command that does not ask gets no network");
        var granted = await RealSandbox.RunAsync(online, new SandboxCommand(connect, Network: true));
        granted.ExitCode.ShouldBe(0, granted.Output);
        granted.Output.ShouldContain("CONNECTED");
    }

    [Fact]
    public async Task Writes_outside_the_copy_fail_and_nothing_reaches_the_host()
    {
        using var host = new TempDirectory();
        var hostFile = Path.Combine(host.Path, "planted.txt");
        var sandbox = RealSandbox.Create();
        var script = $"""
            for target in /usr/planted /etc/planted /planted ../planted /home/planted {hostFile}; do
              if echo x > "$target" 2>/dev/null; then echo "WROTE $target"; else echo "refused $target"; fi
            done
            echo x > /tmp/private && echo "tmp ok"
            echo x > "$HOME/cache" && echo "home ok"
            """;

        var result = await RealSandbox.RunAsync(sandbox, SandboxCommand.Shell(script));

        result.ExitCode.ShouldBe(0, result.Output);
        result.Output.ShouldNotContain("WROTE");
        result.Output.ShouldContain("refused /usr/planted");
        result.Output.ShouldContain($"refused {hostFile}");
        result.Output.ShouldContain("tmp ok");
        result.Output.ShouldContain("home ok");
        File.Exists(hostFile).ShouldBeFalse();
        File.Exists("/tmp/private").ShouldBeFalse("the sandbox's /tmp is its own");
    }

    [Fact]
    public async Task Nothing_a_run_writes_appears_in_the_callers_files_and_disposing_the_session_deletes_the_copy()
    {
        var sandbox = RealSandbox.Create();
        var files = new Dictionary<string, string>
        {
            ["app.py"] = "VALUE = 1\n",
            ["tests/test_app.py"] = "import app\n",
        };
        var before = new Dictionary<string, string>(files);
        string copy;
        await using (var session = await sandbox.OpenAsync(files, CancellationToken.None))
        {
            var result = await session.RunAsync(SandboxCommand.Shell(
                "mkdir -p __pycache__ node_modules/x && echo junk > __pycache__/app.pyc && echo changed > app.py && echo new > artifact.bin && pwd -P && ls"),
                CancellationToken.None);
            result.ExitCode.ShouldBe(0, result.Output);
            var second = await session.RunAsync(SandboxCommand.Shell("cat app.py artifact.bin"), CancellationToken.None);
            second.Output.ShouldBe("changed\nnew\n", "one session is one copy: the install step's results serve the test step");
            copy = Directory.EnumerateDirectories(Path.Combine(Path.GetTempPath(), "devbot-sandbox"))
                .Single(d => File.Exists(Path.Combine(d, "project", "artifact.bin")) && File.ReadAllText(Path.Combine(d, "project", "app.py")) == "changed\n");
        }

        files.ShouldBe(before);
        Directory.Exists(copy).ShouldBeFalse("disposing the session deletes the copy");
    }

    [Fact]
    public async Task The_servers_secrets_are_absent_from_the_sandboxed_environment()
    {
        // Set for real in this test process. LLM_API_KEY and DATABASE_URL are safe to set here: every other test's host
        // and child process sets both explicitly. TELEGRAM_BOT_TOKEN and STRIPE_SECRET_KEY would switch features on in
        // parallel tests, so the exact allow-list check below stands in for them (no other name can get through).
        var secrets = new Dictionary<string, string>
        {
            ["LLM_API_KEY"] = "sk-" + Guid.NewGuid().ToString("N"),
            ["DATABASE_URL"] = "postgres://devbot:" + Guid.NewGuid().ToString("N") + "@db/devbot",
            ["S3_SECRET_ACCESS_KEY"] = "s3-" + Guid.NewGuid().ToString("N"),
            ["AWS_SECRET_ACCESS_KEY"] = "aws-" + Guid.NewGuid().ToString("N"),
        };
        var previous = secrets.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in secrets)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var sandbox = RealSandbox.Create();
            var result = await RealSandbox.RunAsync(sandbox, SandboxCommand.Shell("env; echo ---; tr '\\0' '\\n' < /proc/1/environ"));

            result.ExitCode.ShouldBe(0, result.Output);
            foreach (var (name, value) in secrets)
            {
                result.Output.ShouldNotContain(name);
                result.Output.ShouldNotContain(value);
            }

            var names = result.Output.Split("---")[0].Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line[..line.IndexOf('=')]).Where(n => n is not ("PWD" or "SHLVL" or "_" or "OLDPWD")).Order().ToList();
            names.ShouldBe(SandboxEnvironment.For([]).Keys.Order().ToList(), "the environment is exactly the allow-list");
        }
        finally
        {
            foreach (var (name, value) in previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    [Fact]
    public async Task Runs_as_an_unprivileged_user_without_capabilities_or_nested_namespaces()
    {
        var sandbox = RealSandbox.Create();

        var result = await RealSandbox.RunAsync(sandbox, SandboxCommand.Shell(
            "id -u; grep CapEff /proc/self/status; unshare -U true 2>/dev/null && echo NESTED || echo no-nested; ls /proc | grep -c '^[0-9]'"));

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldBe("1000");
        lines[1].ShouldBe("CapEff:\t0000000000000000");
        lines[2].ShouldBe("no-nested");
        int.Parse(lines[3]).ShouldBeLessThan(6, "only the run's own processes are visible");
    }
}
