using DevBot.Tests.Infrastructure;
using DevBot.Tests.Projects.Imports;

namespace DevBot.Tests.Cli;

/// <summary><c>devbot import DIR</c> then <c>devbot change ID "…"</c>, as an operator runs them, against the built binary.</summary>
public sealed class ImportAndChangeCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task A_folder_is_imported_without_its_git_and_a_change_writes_the_next_version_with_its_history()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Later = ImportEndToEndTests.GreetByName });
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null);
        var source = Directory.CreateDirectory(Path.Combine(work.Path, "greeter")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "app.py"), "def greet():\n    message = \"Hello\"\n    print(message)\n");
        Directory.CreateDirectory(Path.Combine(source, ".git"));
        await File.WriteAllTextAsync(Path.Combine(source, ".git", "HEAD"), "ref: refs/heads/mine\n");

        string id;
        await using (var import = DevBotProcess.Start(environment, work.Path, "import", source))
        {
            (await import.WaitForExitAsync(Timeout)).ShouldBe(0, import.Output);
            import.StandardOutput.ShouldContain("Imported greeter: 1 files (0 binary), version 1.");
            id = import.StandardOutput.TrimEnd().Split('\n')[^1].Trim();
        }

        var output = Path.Combine(work.Path, "out");
        await using var change = DevBotProcess.Start(environment, work.Path, "change", id, "Greet by name.", "--out", output);
        (await change.WaitForExitAsync(Timeout)).ShouldBe(0, change.Output);
        change.StandardOutput.ShouldContain("Version 2 of project");
        change.StandardOutput.ShouldContain("Version 2 (change): ");

        (await File.ReadAllTextAsync(Path.Combine(output, "greeter", "app.py")))
            .ShouldBe("def greet(name=\"world\"):\n    message = \"Hello\"\n    print(message, name)\n");
        (await File.ReadAllTextAsync(Path.Combine(output, "greeter", ".git", "HEAD"))).ShouldBe("ref: refs/heads/main\n", "DevBot's history, not the uploaded .git");

        await using var again = DevBotProcess.Start(environment, work.Path, "change", Guid.NewGuid().ToString(), "Greet by name.");
        (await again.WaitForExitAsync(Timeout)).ShouldBe(2, again.Output);
        again.Output.ShouldContain("has no project");
    }
}
