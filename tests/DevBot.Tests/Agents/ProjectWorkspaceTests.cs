using DevBot.Agents;
using DevBot.Edits;
using DevBot.Projects;

namespace DevBot.Tests.Agents;

public sealed class ProjectWorkspaceTests
{
    private const string App = "import os\n\n\ndef main():\n    print(\"hi\")\n";

    private static ProjectWorkspace Workspace(ProjectLimits? limits = null, params (string Path, string Content)[] committed) =>
        new(committed.Select(f => KeyValuePair.Create(f.Path, f.Content)), limits ?? new ProjectLimits());

    [Fact]
    public void Whole_file_edits_create_and_overwrite_files()
    {
        var workspace = Workspace(null, ("app.py", App));

        var report = workspace.Apply([new FileEdit.WholeFile("app.py", "print(1)\n"), new FileEdit.WholeFile("lib/util.py", "x = 1\n")]);

        report.Failed.ShouldBeEmpty();
        workspace.Files["app.py"].ShouldBe("print(1)\n");
        workspace.Files["lib/util.py"].ShouldBe("x = 1\n");
        workspace.CommittedFiles["app.py"].ShouldBe(App, "the committed state is what the last approved task left");
    }

    [Fact]
    public void Later_edits_of_the_same_file_win()
    {
        var workspace = Workspace();

        workspace.Apply([new FileEdit.WholeFile("a.py", "1\n"), new FileEdit.WholeFile("a.py", "2\n")]);

        workspace.Files["a.py"].ShouldBe("2\n");
    }

    [Fact]
    public void Search_replace_replaces_the_exact_text_once()
    {
        var workspace = Workspace(null, ("app.py", App + "\n# print(\"hi\")\n"));

        var report = workspace.Apply([new FileEdit.SearchReplace("app.py", "    print(\"hi\")", "    print(\"hello\")")]);

        report.Failed.ShouldBeEmpty();
        workspace.Files["app.py"].ShouldBe("import os\n\n\ndef main():\n    print(\"hello\")\n\n# print(\"hi\")\n");
    }

    [Fact]
    public void Search_replace_blocks_apply_in_order_each_on_the_result_of_the_previous()
    {
        var workspace = Workspace(null, ("app.py", App));

        var report = workspace.Apply(
        [
            new FileEdit.SearchReplace("app.py", "import os", "import os\nimport sys"),
            new FileEdit.SearchReplace("app.py", "import sys", "import sys  # argv"),
        ]);

        report.Failed.ShouldBeEmpty();
        workspace.Files["app.py"].ShouldStartWith("import os\nimport sys  # argv\n\n\ndef main():");
    }

    [Fact]
    public void Search_text_whose_trailing_whitespace_differs_from_the_file_still_matches()
    {
        var workspace = Workspace(null, ("app.py", "def main():   \n    x = 1\n    \n    return x\t\n"));

        var report = workspace.Apply([new FileEdit.SearchReplace("app.py", "def main():\n    x = 1\n\n    return x", "def main():\n    return 1")]);

        report.Failed.ShouldBeEmpty();
        workspace.Files["app.py"].ShouldBe("def main():\n    return 1\n");
    }

    [Fact]
    public void Whitespace_tolerant_match_with_trailing_newlines_on_both_sides_adds_no_blank_line()
    {
        var workspace = Workspace(null, ("app.py", "a = 1  \nb = 2\n"));

        var report = workspace.Apply([new FileEdit.SearchReplace("app.py", "a = 1\n", "a = 10\n")]);

        report.Failed.ShouldBeEmpty();
        workspace.Files["app.py"].ShouldBe("a = 10\nb = 2\n");
    }

    [Fact]
    public void Search_text_not_in_the_file_is_a_problem_and_leaves_the_file_unchanged()
    {
        var workspace = Workspace(null, ("app.py", App));

        var report = workspace.Apply([new FileEdit.SearchReplace("app.py", "print(\"bye\")", "print(\"ciao\")")]);

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("not found");
        workspace.Files["app.py"].ShouldBe(App);
        workspace.ChangedPaths.ShouldBeEmpty();
    }

    [Fact]
    public void Empty_search_creates_a_missing_file_with_a_final_newline()
    {
        var workspace = Workspace();

        var report = workspace.Apply([new FileEdit.SearchReplace("new.py", string.Empty, "x = 1")]);

        report.Failed.ShouldBeEmpty();
        workspace.Files["new.py"].ShouldBe("x = 1\n");
    }

    [Fact]
    public void Empty_search_on_an_existing_file_appends_to_it()
    {
        var workspace = Workspace(null, ("app.py", "a = 1\n"));

        workspace.Apply([new FileEdit.SearchReplace("app.py", "  ", "b = 2")]).Failed.ShouldBeEmpty();

        workspace.Files["app.py"].ShouldBe("a = 1\nb = 2\n");
    }

    [Fact]
    public void Search_replace_on_a_missing_file_with_a_search_text_is_a_problem()
    {
        var workspace = Workspace();

        var report = workspace.Apply([new FileEdit.SearchReplace("missing.py", "a", "b")]);

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("does not exist");
        workspace.Files.ShouldBeEmpty();
    }

    [Fact]
    public void A_file_over_the_byte_limit_is_refused_counting_utf8_bytes_not_characters()
    {
        var workspace = Workspace(new ProjectLimits { MaxFileBytes = 1024 });

        var report = workspace.Apply(
        [
            new FileEdit.WholeFile("fits.txt", new string('é', 512)),
            new FileEdit.WholeFile("too-big.txt", new string('é', 513)),
        ]);

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("too-big.txt");
        workspace.Files.Keys.ShouldBe(["fits.txt"]);
    }

    [Fact]
    public void A_search_replace_that_grows_a_file_over_the_limit_is_refused()
    {
        var workspace = Workspace(new ProjectLimits { MaxFileBytes = 1024 }, ("a.txt", "x\n"));

        var report = workspace.Apply([new FileEdit.SearchReplace("a.txt", "x", new string('y', 2000))]);

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("limit");
        workspace.Files["a.txt"].ShouldBe("x\n");
    }

    [Fact]
    public void New_files_beyond_the_file_count_limit_are_refused_but_existing_files_can_still_change()
    {
        var workspace = Workspace(new ProjectLimits { MaxFiles = 2 }, ("a.py", "a\n"), ("b.py", "b\n"));

        var report = workspace.Apply([new FileEdit.WholeFile("c.py", "c\n"), new FileEdit.WholeFile("a.py", "a2\n")]);

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("c.py");
        workspace.Files.Keys.Order(StringComparer.Ordinal).ShouldBe(["a.py", "b.py"]);
        workspace.Files["a.py"].ShouldBe("a2\n");
    }

    [Fact]
    public void Content_with_nul_characters_is_refused()
    {
        var workspace = Workspace();

        workspace.Apply([new FileEdit.WholeFile("bin.dat", "a\0b")]).Failed.ShouldHaveSingleItem().Reason.ShouldContain("NUL");

        workspace.Files.ShouldBeEmpty();
    }

    [Fact]
    public void Changed_paths_are_the_new_and_modified_files_in_ordinal_order()
    {
        var workspace = Workspace(null, ("same.py", "s\n"), ("mod.py", "m\n"));

        workspace.Apply(
        [
            new FileEdit.WholeFile("z.py", "z\n"),
            new FileEdit.WholeFile("mod.py", "m2\n"),
            new FileEdit.WholeFile("same.py", "s\n"),
            new FileEdit.WholeFile("B.py", "b\n"),
        ]);

        workspace.ChangedPaths.ShouldBe(["B.py", "mod.py", "z.py"]);
    }

    [Fact]
    public void Change_fingerprint_is_the_same_for_the_same_changes_in_any_order()
    {
        var first = Workspace(null, ("a.py", "a\n"));
        var second = Workspace(null, ("a.py", "a\n"));

        first.Apply([new FileEdit.WholeFile("x.py", "x\n"), new FileEdit.WholeFile("a.py", "a2\n")]);
        second.Apply([new FileEdit.WholeFile("a.py", "a2\n"), new FileEdit.WholeFile("x.py", "x\n")]);

        first.ChangeFingerprint().ShouldBe(second.ChangeFingerprint());
        first.ChangeFingerprint().ShouldBe(first.ChangeFingerprint());
    }

    [Fact]
    public void Change_fingerprint_differs_when_content_or_path_differs()
    {
        var baseline = Workspace();
        var otherContent = Workspace();
        var otherPath = Workspace();
        var shifted = Workspace();

        baseline.Apply([new FileEdit.WholeFile("a.py", "1\n")]);
        otherContent.Apply([new FileEdit.WholeFile("a.py", "2\n")]);
        otherPath.Apply([new FileEdit.WholeFile("b.py", "1\n")]);
        shifted.Apply([new FileEdit.WholeFile("a.p", "y\n1\n")]);

        new[] { baseline, otherContent, otherPath, shifted, Workspace() }
            .Select(w => w.ChangeFingerprint()).ShouldBeUnique();
    }

    [Fact]
    public void Rewriting_a_file_with_its_committed_content_is_no_change()
    {
        var workspace = Workspace(null, ("a.py", "a\n"));
        var untouched = workspace.ChangeFingerprint();

        workspace.Apply([new FileEdit.WholeFile("a.py", "a\n")]);

        workspace.ChangedPaths.ShouldBeEmpty();
        workspace.ChangeFingerprint().ShouldBe(untouched);
    }

    [Fact]
    public void A_new_file_whose_name_differs_from_another_only_in_case_is_refused_naming_the_rule()
    {
        var workspace = Workspace(null, ("converter.py", "x = 1\n"));

        var report = workspace.Apply([new FileEdit.WholeFile("Converter.py", "x = 2\n"), new FileEdit.WholeFile("converter.py/cli.py", "y\n")]);

        report.Failed.Select(f => f.Reason).ShouldBe(
        [
            "converter.py exists; Converter.py differs only in case (file names must differ by more than letter case, or they become one file on Windows and macOS).",
            "converter.py is a file, so converter.py/cli.py cannot use it as a folder (a name cannot be both a file and a folder).",
        ]);
        workspace.Files.Keys.ShouldBe(["converter.py"]);
    }

    [Fact]
    public void Applying_an_answer_reports_the_blocks_the_parser_refused_first()
    {
        var workspace = Workspace(null, ("app.py", App));

        var report = workspace.Apply(FileEditParser.Parse("../evil.py\n```\nx\n```\napp.py\n```python\n<<<<<<< SEARCH\nimport os\n=======\nimport os\nimport sys\n>>>>>>> REPLACE\n```\n"));

        report.Failed.ShouldHaveSingleItem().Reason.ShouldContain("leaves the project");
        report.Applied.ShouldHaveSingleItem().Path.ShouldBe("app.py");
        report.Feedback.ShouldHaveSingleItem().ShouldContain("leaves the project");
        workspace.ChangedPaths.ShouldBe(["app.py"]);
    }
}
