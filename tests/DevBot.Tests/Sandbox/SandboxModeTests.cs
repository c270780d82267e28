using System.Runtime.Versioning;
using DevBot.Hosting;
using DevBot.Sandbox;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevBot.Tests.Sandbox;

/// <summary>How SANDBOX chooses the sandbox, and what start-up does when the chosen one cannot run.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SandboxModeTests
{
    [Fact]
    public void Auto_uses_bubblewrap_where_it_runs()
    {
        var sandbox = SandboxSelector.Select(new SandboxOptions { Mode = "auto" }, TimeProvider.System, NullLogger.Instance);

        sandbox.Mode.ShouldBe(SandboxMode.Bwrap, sandbox.Warning);
        sandbox.Warning.ShouldBeNull();
        sandbox.HasTool("python3").ShouldBeTrue();
        sandbox.HasTool("no-such-tool-here").ShouldBeFalse();
    }

    [Fact]
    public void Auto_falls_back_to_off_with_a_warning_when_neither_bubblewrap_nor_docker_can_run()
    {
        var options = new SandboxOptions { Mode = "auto", BwrapPath = "/nonexistent/bwrap", DockerPath = "/nonexistent/docker" };

        var sandbox = SandboxSelector.Select(options, TimeProvider.System, NullLogger.Instance);

        sandbox.Mode.ShouldBe(SandboxMode.Off);
        sandbox.Warning.ShouldNotBeNull().ShouldStartWith("the code was not run: install bubblewrap");
        sandbox.Warning.ShouldContain("SANDBOX_BWRAP_PATH");
        sandbox.Refusal.ShouldBeNull("auto never refuses to start");
        sandbox.HasTool("python3").ShouldBeFalse();
    }

    [Fact]
    public async Task Off_never_runs_generated_code()
    {
        var sandbox = SandboxSelector.Select(new SandboxOptions { Mode = "off" }, TimeProvider.System, NullLogger.Instance);

        sandbox.Mode.ShouldBe(SandboxMode.Off);
        sandbox.Warning.ShouldBe("the code was not run: running generated code is switched off (SANDBOX=off)");
        await Should.ThrowAsync<InvalidOperationException>(() => sandbox.OpenAsync(new Dictionary<string, string>(), CancellationToken.None));
    }

    [Fact]
    public void An_explicit_docker_whose_engine_does_not_answer_is_refused()
    {
        // A client whose "docker info" fails, as a docker client without a running engine does (false fails every call).
        var sandbox = SandboxSelector.Select(new SandboxOptions { Mode = "docker", DockerPath = "false" }, TimeProvider.System, NullLogger.Instance);

        sandbox.Mode.ShouldBe(SandboxMode.Off);
        sandbox.Refusal.ShouldBe("SANDBOX=docker, but Docker cannot run containers here (the Docker engine does not answer: it failed without a message): start a Docker engine this user may use, or set SANDBOX=auto.");
        sandbox.Warning.ShouldNotBeNull().ShouldStartWith("the code was not run: Docker cannot run containers here");
    }

    [Fact]
    public void An_invalid_SANDBOX_value_is_refused_with_a_message_naming_the_variable()
    {
        // Options are validated while the host is built, before anything runs.
        var refused = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            CliHost.Build(builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SANDBOX"] = "chroot" })));

        refused.Message.ShouldBe("SANDBOX must be auto, bwrap, docker or off (it is 'chroot').");
    }

    [Fact]
    public void The_host_builder_offers_a_refusal_sentence_when_SANDBOX_bwrap_cannot_run()
    {
        using var host = CliHost.Build(builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SANDBOX"] = "bwrap",
            ["SANDBOX_BWRAP_PATH"] = "/nonexistent/bwrap",
        }));

        var refusal = SandboxStartup.Refusal(host.Services);

        refusal.ShouldBe("SANDBOX=bwrap, but bubblewrap cannot run here (no bwrap executable at '/nonexistent/bwrap' (SANDBOX_BWRAP_PATH)): install bubblewrap (apt-get install bubblewrap) or set SANDBOX=auto.");
        host.Services.GetRequiredService<ICodeSandbox>().Mode.ShouldBe(SandboxMode.Off);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("worker")]
    public async Task Serve_and_worker_refuse_to_start_with_one_sentence_when_SANDBOX_bwrap_cannot_run(string command)
    {
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);
        environment["SANDBOX"] = "bwrap";
        environment["SANDBOX_BWRAP_PATH"] = "/nonexistent/bwrap";
        var args = command == "serve" ? new[] { command, "--urls", "http://127.0.0.1:0" } : [command];

        await using var process = DevBotProcess.Start(environment, work.Path, args);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(90));

        exitCode.ShouldNotBe(0);
        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.ShouldBe(["SANDBOX=bwrap, but bubblewrap cannot run here (no bwrap executable at '/nonexistent/bwrap' (SANDBOX_BWRAP_PATH)): install bubblewrap (apt-get install bubblewrap) or set SANDBOX=auto."]);
    }

    [Fact]
    public void Limits_come_from_the_SANDBOX_variables()
    {
        var options = new SandboxOptions { TimeoutSeconds = 7, InstallTimeoutSeconds = 9, InstallNetwork = true, MemoryMb = 256, MaxProcesses = 32, MaxFileMb = 3, CpuSeconds = 5, MaxOutputBytes = 8192 };

        options.Limits.ShouldBe(new SandboxLimits(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(9), true, 256L * 1024 * 1024, 5, 32, 3L * 1024 * 1024, 8192));
    }

    [Fact]
    public void The_options_validator_names_the_variable_of_every_bad_setting()
    {
        var result = new SandboxOptionsValidator().Validate(null, new SandboxOptions
        {
            Mode = "sometimes",
            ToolPaths = "relative/go",
            DockerImagePython = "python 3",
        });

        result.Failed.ShouldBeTrue();
        result.Failures.ShouldNotBeNull();
        result.Failures.ShouldContain(f => f.StartsWith("SANDBOX must be", StringComparison.Ordinal));
        result.Failures.ShouldContain(f => f.StartsWith("SANDBOX_TOOL_PATHS", StringComparison.Ordinal));
        result.Failures.ShouldContain(f => f.StartsWith("SANDBOX_DOCKER_IMAGE_PYTHON", StringComparison.Ordinal));
    }
}
