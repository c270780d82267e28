using System.Text.RegularExpressions;
using DevBot.Shared;

namespace DevBot.Verification;

/// <summary>
/// The names of the tests that failed, as the runner printed them, in order and without repeats — so a user reads
/// "test_freezing failed", not a count. An unknown format yields no names (the counts still tell).
/// </summary>
public static partial class FailingTests
{
    /// <summary>At most this many names are kept; the rest are counted.</summary>
    public const int MaxNames = 20;

    public static IReadOnlyList<string> Names(string output, TestFramework framework)
    {
        var patterns = framework switch
        {
            TestFramework.Unittest => [Unittest()],
            TestFramework.Pytest => [Pytest()],
            TestFramework.NodeTest => [Tap()],
            TestFramework.NpmTest => [Tap(), Jest()],
            TestFramework.GoTest => [Go()],
            TestFramework.DotnetTest => [Dotnet()],
            _ => new[] { Unittest(), Pytest(), Tap(), Jest(), Go(), Dotnet() },
        };
        var names = new List<string>();
        foreach (var line in output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            foreach (var pattern in patterns)
            {
                var match = pattern.Match(line);
                if (match.Success && match.Groups["name"].Value.Trim() is { Length: > 0 } name && !names.Contains(name))
                {
                    names.Add(Utf8Text.Clip(name, 200));
                    break;
                }
            }

            if (names.Count == MaxNames)
            {
                break;
            }
        }

        return names;
    }

    // FAIL: test_freezing (tests.test_converter.ConverterTests.test_freezing)
    [GeneratedRegex(@"^(?:FAIL|ERROR): (?<name>\S+(?: \([^)]*\))?)")]
    private static partial Regex Unittest();

    // FAILED tests/test_x.py::test_y - AssertionError
    [GeneratedRegex(@"^(?:FAILED|ERROR) (?<name>\S+::\S+)")]
    private static partial Regex Pytest();

    // not ok 3 - converts freezing
    [GeneratedRegex(@"^\s*not ok \d+ (?:- )?(?<name>.+?)(?: # .*)?$")]
    private static partial Regex Tap();

    // ✕ converts freezing (3 ms)
    [GeneratedRegex(@"^\s*[✕×] (?<name>.+?)(?: \(\d+ ?m?s\))?$")]
    private static partial Regex Jest();

    // --- FAIL: TestFreezing (0.00s)
    [GeneratedRegex(@"^\s*--- FAIL: (?<name>\S+)")]
    private static partial Regex Go();

    //   Failed Converter.Tests.Freezing [3 ms]
    [GeneratedRegex(@"^\s*Failed (?<name>[\w.+`<>,]+) \[")]
    private static partial Regex Dotnet();
}
