using System.Runtime.Versioning;
using DevBot.Sandbox;

namespace DevBot.Tests.Sandbox;

/// <summary>The command lines the sandboxes are started with (docker mode cannot run here: no Docker engine).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SandboxCommandLineTests
{
    private static readonly SandboxLimits Limits = new(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(300), false,
        1024L * 1024 * 1024, 300, 256, 128L * 1024 * 1024, 1024 * 1024);

    [Fact]
    public void Docker_runs_each_command_in_a_throw_away_locked_down_container_without_network()
    {
        using var workspace = Workspace();

        var argv = DockerCommandLine.Build("/usr/bin/docker", "devbot-sandbox-1", "python:3.12-slim", workspace, Limits, (2_000_000_000, 2_000_000_000),
            ["python3", "-m", "unittest"], network: false);

        argv.ShouldBe(
        [
            "/usr/bin/docker", "run", "--rm", "--init", "--name", "devbot-sandbox-1",
            "--network", "none",
            "--memory", "1024m", "--memory-swap", "1024m",
            "--pids-limit", "256",
            "--ulimit", "cpu=300:305",
            "--ulimit", "fsize=134217728:134217728",
            "--ulimit", "core=0:0",
            "--read-only",
            "--tmpfs", "/tmp:rw,nosuid,nodev,size=512m",
            "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges",
            "--user", "2000000000:2000000000",
            "--volume", $"{workspace.ProjectDirectory}:/project:rw",
            "--volume", $"{workspace.HomeDirectory}:/home/sandbox:rw",
            "--workdir", "/project",
            .. SandboxEnvironment.For(null).SelectMany(e => new[] { "--env", $"{e.Key}={e.Value}" }),
            "--entrypoint", "/bin/sh", "python:3.12-slim",
            "-c", "\"$@\" 2>&1 & wait $!", "sandbox", "python3", "-m", "unittest",
        ]);
    }

    [Fact]
    public void Docker_gives_the_network_only_to_a_command_granted_it_and_passes_no_server_variable()
    {
        using var workspace = Workspace();
        Environment.SetEnvironmentVariable("DEVBOT_TEST_SERVER_ONLY", "secret");
        try
        {
            var online = DockerCommandLine.Build("docker", "c", "node:20-slim", workspace, Limits, (1000, 1000), ["npm", "ci"], network: true);

            online[online.ToList().IndexOf("--network") + 1].ShouldBe("bridge");
            online.ShouldNotContain(a => a.Contains("DEVBOT_TEST_SERVER_ONLY", StringComparison.Ordinal) || a.Contains("secret", StringComparison.Ordinal));
            online.Where(a => a.Contains('=', StringComparison.Ordinal) && !a.StartsWith("--", StringComparison.Ordinal) && !a.Contains(':', StringComparison.Ordinal) && !a.Contains(' ', StringComparison.Ordinal))
                .Select(a => a[..a.IndexOf('=')]).ShouldBeSubsetOf(SandboxEnvironment.For(null).Keys);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DEVBOT_TEST_SERVER_ONLY", null);
        }
    }

    [Fact]
    public void Docker_picks_the_image_of_the_commands_toolchain()
    {
        var options = new SandboxOptions { DockerImageGo = "golang:1.22", DockerImage = "debian:bookworm-slim" };

        options.DockerImageFor(SandboxToolchain.Go).ShouldBe("golang:1.22");
        options.DockerImageFor(SandboxToolchain.Python).ShouldBe("python:3.12-slim");
        options.DockerImageFor(SandboxToolchain.Generic).ShouldBe("debian:bookworm-slim");
    }

    [Fact]
    public void Bubblewrap_shares_the_network_and_DNS_files_only_when_granted_and_switches_root_to_an_unprivileged_uid()
    {
        using var workspace = Workspace();
        var layout = new BwrapCommandLine.Layout("/usr/bin/bwrap", "/usr/bin/prlimit", "/usr/bin/setpriv", (2_000_000_000, 2_000_000_000), [], []);

        var offline = BwrapCommandLine.Build(layout, workspace, Limits, ["true"], network: false);
        var online = BwrapCommandLine.Build(layout, workspace, Limits, ["true"], network: true);

        offline.ShouldNotContain("--share-net");
        offline.ShouldNotContain("/etc/resolv.conf");
        online.ShouldContain("--share-net");
        online.ShouldContain("/etc/resolv.conf");
        offline.Take(7).ShouldBe(["/usr/bin/setpriv", "--reuid=2000000000", "--regid=2000000000", "--clear-groups", "--no-new-privs", "--", "/usr/bin/bwrap"]);
        offline.ShouldContain("--unshare-all");
        offline.ShouldContain("--die-with-parent");
        offline.ShouldContain("--new-session");
        offline.ShouldContain("--clearenv");
        offline.SkipWhile(a => a != "/usr/bin/prlimit").Skip(1).TakeWhile(a => a != "--")
            .ShouldBe(["--nproc=256:256", "--data=1073741824:1073741824", "--fsize=134217728:134217728", "--cpu=300:305", "--core=0:0"]);
    }

    [Fact]
    public void Commands_display_as_a_person_would_type_them()
    {
        new SandboxCommand(["python3", "-m", "unittest", "discover", "-s", "tests"]).Display.ShouldBe("python3 -m unittest discover -s tests");
        new SandboxCommand(["node", "--test", "my file.test.js"]).Display.ShouldBe("node --test 'my file.test.js'");
        SandboxCommand.Shell("npm test && echo ok").Display.ShouldBe("npm test && echo ok");
    }

    private static SandboxWorkspace Workspace() =>
        SandboxWorkspace.Create(Path.Combine(Path.GetTempPath(), "devbot-tests", "sandbox-" + Guid.NewGuid().ToString("N")), new Dictionary<string, string>(), owner: null);
}
