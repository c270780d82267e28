using System.Text.Json;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Cli;

/// <summary><c>devbot edits apply</c> through the built binary, on real folders.</summary>
public sealed class EditsCommandTests
{
    private const string App = "import sys\n\n\ndef main():\n    print(\"hi\")\n";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] args)
    {
        await using var process = DevBotProcess.Start(new Dictionary<string, string?>(), workingDirectory, ["edits", "apply", .. args]);
        var exitCode = await process.WaitForExitAsync(Timeout);
        return (exitCode, process.Output);
    }

    private static string WriteAnswer(TempDirectory work, string answer)
    {
        var path = Path.Combine(work.Path, "answer.md");
        File.WriteAllText(path, answer);
        return path;
    }

    [Fact]
    public async Task An_answer_whose_blocks_all_apply_exits_0_and_reports_each_block_in_json()
    {
        using var work = new TempDirectory();
        var root = Directory.CreateDirectory(Path.Combine(work.Path, "project")).FullName;
        File.WriteAllText(Path.Combine(root, "app.py"), App);
        var answer = WriteAnswer(work, """
            Here are the changes.

            app.py
            ```python
            <<<<<<< SEARCH
            def main():
                print("hi")
            =======
            def main():
                print("hello", file=sys.stderr)
            >>>>>>> REPLACE
            <<<<<<< SEARCH
            import os
            =======
            import sys
            >>>>>>> REPLACE
            ```

            tests/test_app.py
            ```python
            from app import main


            def test_main():
                main()
            ```
            """);

        var (exitCode, output) = await RunAsync(work.Path, "--root", root, "--input", answer);

        exitCode.ShouldBe(0, output);
        using var report = JsonDocument.Parse(output);
        report.RootElement.GetProperty("applied").EnumerateArray().Select(a => (a.GetProperty("path").GetString(), a.GetProperty("match").GetString()))
            .ShouldBe([("app.py", "exact"), ("tests/test_app.py", "wholeFile")]);
        report.RootElement.GetProperty("alreadyApplied").EnumerateArray().ShouldHaveSingleItem().GetProperty("path").GetString().ShouldBe("app.py");
        report.RootElement.GetProperty("failed").GetArrayLength().ShouldBe(0);
        File.ReadAllText(Path.Combine(root, "app.py")).ShouldBe("import sys\n\n\ndef main():\n    print(\"hello\", file=sys.stderr)\n");
        File.ReadAllText(Path.Combine(root, "tests", "test_app.py")).ShouldStartWith("from app import main");
    }

    [Fact]
    public async Task A_failed_block_exits_1_leaves_its_file_as_it_was_and_the_good_blocks_stay_applied()
    {
        using var work = new TempDirectory();
        var root = Directory.CreateDirectory(Path.Combine(work.Path, "project")).FullName;
        File.WriteAllText(Path.Combine(root, "app.py"), App);
        File.WriteAllText(Path.Combine(root, "util.py"), "def twice(x):\n    return 2 * x\n");
        var answer = WriteAnswer(work, """
            util.py
            ```python
            <<<<<<< SEARCH
            def twice(value):
                return 2 * value
            =======
            def twice(value: int) -> int:
                return 2 * value
            >>>>>>> REPLACE
            ```

            app.py
            ```python
            <<<<<<< SEARCH
                print("hi")
            =======
                print("hello")
            >>>>>>> REPLACE
            ```
            """);

        var (exitCode, output) = await RunAsync(work.Path, "--root", root, "--input", answer);

        exitCode.ShouldBe(1, output);
        using var report = JsonDocument.Parse(output);
        var failed = report.RootElement.GetProperty("failed").EnumerateArray().ShouldHaveSingleItem();
        failed.GetProperty("path").GetString().ShouldBe("util.py");
        failed.GetProperty("reason").GetString().ShouldBe(
            "SEARCH/REPLACE for util.py: the SEARCH text was not found in the file (closest: lines 1-2). Copy the SEARCH lines exactly from the current file.");
        failed.GetProperty("didYouMean").GetString().ShouldBe("def twice(x):\n    return 2 * x");
        report.RootElement.GetProperty("applied").EnumerateArray().ShouldHaveSingleItem().GetProperty("path").GetString().ShouldBe("app.py");
        File.ReadAllText(Path.Combine(root, "util.py")).ShouldBe("def twice(x):\n    return 2 * x\n");
        File.ReadAllText(Path.Combine(root, "app.py")).ShouldContain("print(\"hello\")");
    }

    [Fact]
    public async Task Nothing_outside_the_folder_is_touched_whatever_the_answer_names()
    {
        using var work = new TempDirectory();
        var root = Directory.CreateDirectory(Path.Combine(work.Path, "project")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(work.Path, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "keep\n");
        Directory.CreateSymbolicLink(Path.Combine(root, "link"), outside);
        var answer = WriteAnswer(work, $"""
            ../outside/secret.txt
            ```
            overwritten
            ```

            {Path.Combine(outside, "secret.txt")}
            ```
            overwritten
            ```

            link/secret.txt
            ```
            overwritten
            ```

            link/new.txt
            ```
            planted
            ```

            link{"\u2215"}new.txt
            ```
            planted
            ```

            ok.txt
            ```
            fine
            ```
            """);

        var (exitCode, output) = await RunAsync(work.Path, "--root", root, "--input", answer);

        exitCode.ShouldBe(1, output);
        using var report = JsonDocument.Parse(output);
        report.RootElement.GetProperty("failed").GetArrayLength().ShouldBe(5);
        report.RootElement.GetProperty("applied").EnumerateArray().ShouldHaveSingleItem().GetProperty("path").GetString().ShouldBe("ok.txt");
        Directory.EnumerateFiles(outside).ShouldBe([Path.Combine(outside, "secret.txt")]);
        File.ReadAllText(Path.Combine(outside, "secret.txt")).ShouldBe("keep\n");
        Directory.EnumerateFileSystemEntries(work.Path).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { "answer.md", "outside", "project" }.Select(n => Path.Combine(work.Path, n)));
    }

    [Fact]
    public async Task Missing_options_a_missing_folder_or_a_missing_answer_are_bad_usage_with_exit_2_and_one_sentence()
    {
        using var work = new TempDirectory();
        var answer = WriteAnswer(work, "nothing\n");
        var missingFolder = Path.Combine(work.Path, "nope");

        var cases = new[]
        {
            (Args: new[] { "--input", answer }, Sentence: "Both --root and --input are required."),
            (Args: new[] { "--root", work.Path }, Sentence: "Both --root and --input are required."),
            (Args: new[] { "--root", missingFolder, "--input", answer }, Sentence: $"The folder '{missingFolder}' does not exist."),
            (Args: new[] { "--root", work.Path, "--input", Path.Combine(work.Path, "none.md") }, Sentence: $"The answer file '{Path.Combine(work.Path, "none.md")}' does not exist."),
            (Args: new[] { "--root", work.Path, "--input", answer, "extra" }, Sentence: "Unexpected argument 'extra'."),
        };

        foreach (var (args, sentence) in cases)
        {
            var (exitCode, output) = await RunAsync(work.Path, args);

            exitCode.ShouldBe(2, output);
            output.ShouldContain(sentence);
            output.ShouldNotContain("   at ", Case.Sensitive, "no stack trace for a user's mistake");
            output.ShouldNotContain("Exception");
        }
    }
}
