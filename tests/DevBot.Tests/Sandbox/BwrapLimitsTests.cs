using System.Runtime.Versioning;
using DevBot.Sandbox;

namespace DevBot.Tests.Sandbox;

/// <summary>The limits of the real bubblewrap sandbox hold, and are reported.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class BwrapLimitsTests
{
    [Fact]
    public async Task A_time_out_kills_the_whole_process_tree_including_a_backgrounded_sleeping_child()
    {
        var sandbox = RealSandbox.Create(o => o.TimeoutSeconds = 2);
        var background = RealSandbox.UniqueSeconds();
        var foreground = RealSandbox.UniqueSeconds();

        var result = await RealSandbox.RunAsync(sandbox, SandboxCommand.Shell($"echo started; sleep {background} & sleep {foreground}"));

        result.TimedOut.ShouldBeTrue();
        result.ExitCode.ShouldBeNull();
        result.Output.ShouldContain("started");
        RealSandbox.ProcessesWith(background).ShouldBeEmpty("the backgrounded child died with the run");
        RealSandbox.ProcessesWith(foreground).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_background_child_left_by_a_finished_run_is_gone_when_the_run_returns()
    {
        var sandbox = RealSandbox.Create();
        var marker = RealSandbox.UniqueSeconds();

        var result = await RealSandbox.RunAsync(sandbox, SandboxCommand.Shell($"sleep {marker} > /dev/null 2>&1 & echo left a child"));

        result.ExitCode.ShouldBe(0);
        result.TimedOut.ShouldBeFalse();
        RealSandbox.ProcessesWith(marker).ShouldBeEmpty("no process outlives its run");
    }

    [Fact]
    public async Task Cancelling_a_run_kills_it_and_throws()
    {
        var sandbox = RealSandbox.Create();
        var marker = RealSandbox.UniqueSeconds();
        await using var session = await sandbox.OpenAsync(new Dictionary<string, string>(), CancellationToken.None);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Should.ThrowAsync<OperationCanceledException>(() => session.RunAsync(SandboxCommand.Shell($"sleep {marker}"), cancellation.Token));

        RealSandbox.ProcessesWith(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_fork_bomb_ends_at_the_process_limit_and_the_limit_is_reported()
    {
        var sandbox = RealSandbox.Create(o => { o.MaxProcesses = 64; o.TimeoutSeconds = 30; });

        var result = await RealSandbox.RunAsync(sandbox, SandboxCommand.Shell("bomb() { bomb | bomb & }; bomb; sleep 2; echo survived"));

        result.TimedOut.ShouldBeFalse("the bomb ran out of processes instead of the machine");
        result.LimitHit.ShouldBe(SandboxLimit.Processes, result.Output);
    }

    [Fact]
    public async Task Forking_stops_at_the_process_limit_even_though_the_server_runs_as_root()
    {
        var sandbox = RealSandbox.Create(o => o.MaxProcesses = 40);
        const string script = """
            import os, time
            children = 0
            try:
                while children < 200:
                    if os.fork() == 0:
                        time.sleep(5)
                        os._exit(0)
                    children += 1
            except OSError as error:
                print("fork refused after", children, error)
                raise SystemExit(1)
            print("forked", children)
            """;

        var result = await RealSandbox.RunAsync(sandbox, new SandboxCommand(["python3", "-c", script]));

        result.ExitCode.ShouldBe(1, result.Output);
        result.Output.ShouldContain("fork refused after");
        result.LimitHit.ShouldBe(SandboxLimit.Processes);
    }

    [Fact]
    public async Task A_2_GB_allocation_fails_under_the_memory_limit_and_the_limit_is_reported()
    {
        var sandbox = RealSandbox.Create(o => o.MemoryMb = 512);

        var result = await RealSandbox.RunAsync(sandbox, new SandboxCommand(["python3", "-c", "block = bytearray(2 * 1024 ** 3); print('allocated')"]));

        result.ExitCode.ShouldBe(1, result.Output);
        result.Output.ShouldNotContain("allocated");
        result.Output.ShouldContain("MemoryError");
        result.LimitHit.ShouldBe(SandboxLimit.Memory);
    }

    [Fact]
    public async Task Runtimes_that_reserve_address_space_still_start_under_the_memory_limit()
    {
        var sandbox = RealSandbox.Create(o => o.MemoryMb = 512);

        var node = await RealSandbox.RunAsync(sandbox, new SandboxCommand(["node", "-e", "console.log('node ' + (1 + 1))"]));
        var dotnet = await RealSandbox.RunAsync(sandbox, new SandboxCommand(["dotnet", "--list-runtimes"]));

        node.ExitCode.ShouldBe(0, node.Output);
        node.Output.ShouldContain("node 2");
        dotnet.ExitCode.ShouldBe(0, dotnet.Output);
        dotnet.Output.ShouldContain("Microsoft.NETCore.App");
    }

    [Fact]
    public async Task A_file_larger_than_the_file_size_limit_cannot_be_written()
    {
        var sandbox = RealSandbox.Create(o => o.MaxFileMb = 1);

        var result = await RealSandbox.RunAsync(sandbox, new SandboxCommand(["python3", "-c", "open('big.bin', 'wb').write(b'0' * 2_000_000)"]));

        result.ExitCode.ShouldBe(1, result.Output);
        result.Output.ShouldContain("File too large");
        result.LimitHit.ShouldBe(SandboxLimit.FileSize);
    }

    [Fact]
    public async Task A_busy_loop_is_stopped_by_the_cpu_limit()
    {
        var sandbox = RealSandbox.Create(o => { o.CpuSeconds = 1; o.TimeoutSeconds = 60; });

        var result = await RealSandbox.RunAsync(sandbox, new SandboxCommand(["python3", "-c", "while True: pass"]));

        result.TimedOut.ShouldBeFalse();
        result.ExitCode.ShouldBe(128 + 24, "SIGXCPU");
        result.LimitHit.ShouldBe(SandboxLimit.CpuTime);
    }

    [Fact]
    public async Task Output_beyond_the_limit_is_cut_keeping_the_tail()
    {
        var sandbox = RealSandbox.Create(o => o.MaxOutputBytes = 4096);

        var result = await RealSandbox.RunAsync(sandbox, new SandboxCommand(["python3", "-c", "for i in range(20000): print('line', i)\nprint('THE END')"]));

        result.ExitCode.ShouldBe(0);
        result.OutputTruncated.ShouldBeTrue();
        System.Text.Encoding.UTF8.GetByteCount(result.Output).ShouldBeLessThanOrEqualTo(4096);
        result.Output.ShouldEndWith("line 19999\nTHE END\n");
        result.Output.ShouldStartWith("line ", Case.Sensitive, "the kept tail starts at a line boundary");
    }
}
