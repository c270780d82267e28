using System.Text;
using DevBot.Cli;
using DevBot.Projects.Versions;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Cli;

public sealed class FolderWriteBackTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Changed_and_new_files_are_written_and_removed_ones_deleted_under_the_unwrapped_folder()
    {
        using var work = new TempDirectory();
        var folder = new DirectoryInfo(work.Path);
        var imported = Seed(work.Path, ("src/app.py", "old\n"), ("src/old.py", "gone\n"));

        var report = await FolderWriteBack.ApplyAsync(folder, "src", imported,
            Files(("app.py", "new\n"), ("lib/util.py", "util\n")), ["old.py"], None);

        report.Written.ShouldBe(["src/app.py", "src/lib/util.py"]);
        report.Removed.ShouldBe(["src/old.py"]);
        report.LeftAlone.ShouldBeEmpty();
        (await File.ReadAllTextAsync(Path.Combine(work.Path, "src", "app.py"))).ShouldBe("new\n");
        (await File.ReadAllTextAsync(Path.Combine(work.Path, "src", "lib", "util.py"))).ShouldBe("util\n");
        File.Exists(Path.Combine(work.Path, "src", "old.py")).ShouldBeFalse();
    }

    [Fact]
    public async Task Files_edited_created_or_deleted_on_disk_after_the_import_are_left_as_they_are()
    {
        using var work = new TempDirectory();
        var imported = Seed(work.Path, ("edited.py", "a\n"), ("deleted.py", "b\n"), ("removed-but-edited.py", "c\n"));
        await File.WriteAllTextAsync(Path.Combine(work.Path, "edited.py"), "the user's\n");
        File.Delete(Path.Combine(work.Path, "deleted.py"));
        await File.WriteAllTextAsync(Path.Combine(work.Path, "created.py"), "the user's too\n");
        await File.WriteAllTextAsync(Path.Combine(work.Path, "removed-but-edited.py"), "kept\n");

        var report = await FolderWriteBack.ApplyAsync(new DirectoryInfo(work.Path), null, imported,
            Files(("edited.py", "model\n"), ("deleted.py", "model\n"), ("created.py", "model\n")), ["removed-but-edited.py"], None);

        report.Written.ShouldBeEmpty();
        report.Removed.ShouldBeEmpty();
        report.LeftAlone.ShouldBe(
        [
            ("created.py", "a file was created there after the import"),
            ("deleted.py", "it was deleted after the import"),
            ("edited.py", "it was edited after the import"),
            ("removed-but-edited.py", "it was edited after the import"),
        ]);
        (await File.ReadAllTextAsync(Path.Combine(work.Path, "edited.py"))).ShouldBe("the user's\n");
        (await File.ReadAllTextAsync(Path.Combine(work.Path, "created.py"))).ShouldBe("the user's too\n");
        File.Exists(Path.Combine(work.Path, "deleted.py")).ShouldBeFalse();
        (await File.ReadAllTextAsync(Path.Combine(work.Path, "removed-but-edited.py"))).ShouldBe("kept\n");
    }

    [Fact]
    public async Task Nothing_is_written_through_a_linked_folder_or_into_git()
    {
        using var work = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var imported = Seed(work.Path, ("app.py", "a\n"));
        Directory.CreateSymbolicLink(Path.Combine(work.Path, "linked"), elsewhere.Path);

        var report = await FolderWriteBack.ApplyAsync(new DirectoryInfo(work.Path), null, imported,
            Files(("linked/evil.py", "x\n"), (".git/hooks/post-commit", "x\n")), [], None);

        report.Written.ShouldBeEmpty();
        report.LeftAlone.Select(l => l.Path).ShouldBe(["linked/evil.py", ".git/hooks/post-commit"], ignoreOrder: true);
        Directory.GetFiles(elsewhere.Path).ShouldBeEmpty();
        Directory.Exists(Path.Combine(work.Path, ".git")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_file_the_version_removed_that_is_already_gone_is_not_reported()
    {
        using var work = new TempDirectory();
        var imported = Seed(work.Path, ("old.py", "a\n"));
        File.Delete(Path.Combine(work.Path, "old.py"));

        var report = await FolderWriteBack.ApplyAsync(new DirectoryInfo(work.Path), null, imported, Files(), ["old.py"], None);

        report.Removed.ShouldBeEmpty();
        report.LeftAlone.ShouldBeEmpty();
    }

    private static Dictionary<string, string> Seed(string root, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return files.ToDictionary(f => f.Path, f => FileContent.Sha256(Encoding.UTF8.GetBytes(f.Content)), StringComparer.Ordinal);
    }

    private static Dictionary<string, byte[]> Files(params (string Path, string Content)[] files) =>
        files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Content), StringComparer.Ordinal);
}
