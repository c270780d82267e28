namespace DevBot.Tests.Infrastructure;

/// <summary>What every start-up error of the built binary looks like to an operator.</summary>
public static class StartupErrorAssertions
{
    /// <summary>
    /// Exit code ≠ 0; stderr is one or two lines that name <paramref name="variable"/>; no stack trace or exception
    /// type anywhere in the output (that goes to the Debug log level).
    /// </summary>
    public static void ShouldBeAStartupError(this DevBotProcess process, string variable)
    {
        process.ExitCode.ShouldNotBe(0, process.Output);
        process.ErrorLines.Count.ShouldBeInRange(1, 2, process.Output);
        process.StandardError.ShouldContain(variable, Case.Sensitive, process.Output);
        process.Output.ShouldNotContain("   at ", Case.Sensitive, "no stack trace: " + process.Output);
        process.Output.ShouldNotContain("Exception", Case.Sensitive, "no exception type: " + process.Output);
        process.Output.ShouldNotContain("\u001b[", Case.Sensitive, "no ANSI codes in redirected output");
    }
}
