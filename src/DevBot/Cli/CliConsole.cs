using Spectre.Console;

namespace DevBot.Cli;

/// <summary>
/// The consoles commands print to. Redirected to a file or a pipe, a stream gets plain text: no ANSI colour or
/// cursor codes, no spinner, no wrapping at 80 columns (Spectre would otherwise decide from TERM alone).
/// </summary>
internal static class CliConsole
{
    private const int RedirectedWidth = 4096;

    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
