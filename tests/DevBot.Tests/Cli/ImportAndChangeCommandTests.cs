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
        var source = await GreeterFolderAsync(work);

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

    [Fact]
    public async Task A_change_of_a_folder_is_written_back_into_it_leaving_its_git_and_unrelated_files_alone()
    {
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Later = ImportEndToEndTests.GreetByName });
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null);
        var source = await GreeterFolderAsync(work);
        await File.WriteAllTextAsync(Path.Combine(source, "notes.txt"), "mine\n");

        await using var change = DevBotProcess.Start(environment, work.Path, "change", "--dir", source, "Greet by name.");
        (await change.WaitForExitAsync(Timeout)).ShouldBe(0, change.Output);
        change.StandardOutput.ShouldContain("Imported " + source + " as project");
        change.StandardOutput.ShouldContain("Wrote the change into");

        (await File.ReadAllTextAsync(Path.Combine(source, "app.py")))
            .ShouldBe("def greet(name=\"world\"):\n    message = \"Hello\"\n    print(message, name)\n");
        (await File.ReadAllTextAsync(Path.Combine(source, "README.md"))).ShouldContain("Greets by name.", Case.Sensitive, "the updated README comes back too");
        (await File.ReadAllTextAsync(Path.Combine(source, "notes.txt"))).ShouldBe("mine\n");
        (await File.ReadAllTextAsync(Path.Combine(source, ".git", "HEAD"))).ShouldBe("ref: refs/heads/mine\n", "the folder's own git is never touched");
        Directory.GetFiles(work.Path, "*.zip", SearchOption.TopDirectoryOnly).ShouldBeEmpty("a folder's change is written back, not delivered as a ZIP beside it");
    }

    [Fact]
    public async Task A_file_edited_on_disk_while_its_folder_is_being_changed_is_left_as_the_user_left_it_and_named()
    {
        using var work = new TempDirectory();
        var source = Directory.CreateDirectory(Path.Combine(work.Path, "greeter")).FullName;
        var app = Path.Combine(source, "app.py");
        await File.WriteAllTextAsync(app, "def greet():\n    message = \"Hello\"\n    print(message)\n");
        const string Mine = "def greet():\n    print(\"my own edit\")\n";
        await using var llm = await FakeOpenAiServer.StartAsync(new ScriptedModel { Later = ImportEndToEndTests.GreetByName });
        llm.BeforeAnswer = request => request.Kind == ChatKind.Plan ? File.WriteAllTextAsync(app, Mine) : Task.CompletedTask;
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), llm.BaseUrl, databaseUrl: null);

        await using var change = DevBotProcess.Start(environment, work.Path, "change", "--dir", source, "Greet by name.");
        (await change.WaitForExitAsync(Timeout)).ShouldBe(1, change.Output);
        change.Output.ShouldContain("Left app.py as it is: it was edited after the import.");
        (await File.ReadAllTextAsync(app)).ShouldBe(Mine);
        (await File.ReadAllTextAsync(Path.Combine(source, "README.md"))).ShouldContain("Greets by name.", Case.Sensitive, "the files nobody touched are written");
    }

    [Theory]
    [InlineData(new[] { "change", "--dir", "{missing}", "Greet by name." }, "There is no folder")]
    [InlineData(new[] { "change", "not-an-id", "Greet by name." }, "is not a project id")]
    [InlineData(new[] { "change", "--dir", "{work}", "0196c0de-0000-7000-8000-000000000000", "Greet by name." }, "With --dir, give only the instruction")]
    public async Task A_change_command_with_a_mistake_in_it_is_one_sentence_and_exit_code_2(string[] arguments, string sentence)
    {
        using var work = new TempDirectory();
        var environment = DevBotTestHost.BaseSettings(Path.Combine(work.Path, "data"), "http://127.0.0.1:9/v1", databaseUrl: null);
        var resolved = arguments.Select(a => a.Replace("{missing}", Path.Combine(work.Path, "nope"), StringComparison.Ordinal)
            .Replace("{work}", work.Path, StringComparison.Ordinal)).ToArray();

        await using var change = DevBotProcess.Start(environment, work.Path, resolved);
        (await change.WaitForExitAsync(Timeout)).ShouldBe(2, change.Output);
        change.Output.ShouldContain(sentence);
        change.Output.ShouldNotContain("   at ", Case.Sensitive, "no stack trace for a mistake in the command");
    }

    /// <summary>A folder "greeter" with one Python file and a .git of its own (HEAD on the branch "mine").</summary>
    private static async Task<string> GreeterFolderAsync(TempDirectory work)
    {
        var source = Directory.CreateDirectory(Path.Combine(work.Path, "greeter")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "app.py"), "def greet():\n    message = \"Hello\"\n    print(message)\n");
        Directory.CreateDirectory(Path.Combine(source, ".git"));
        await File.WriteAllTextAsync(Path.Combine(source, ".git", "HEAD"), "ref: refs/heads/mine\n");
        return source;
    }
}
