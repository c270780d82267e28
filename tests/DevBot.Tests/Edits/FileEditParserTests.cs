using DevBot.Edits;

namespace DevBot.Tests.Edits;

public sealed class FileEditParserTests
{
    private const string Body = "def main():\n    print(\"hi\")\n";

    [Theory]
    [InlineData("src/app.py")]
    [InlineData("**src/app.py**")]
    [InlineData("`src/app.py`")]
    [InlineData("### src/app.py")]
    [InlineData("### `src/app.py`")]
    [InlineData("File: src/app.py")]
    [InlineData("**File: `src/app.py`**")]
    [InlineData("Filename: src/app.py")]
    [InlineData("path: src/app.py")]
    [InlineData("src/app.py:")]
    [InlineData("**src/app.py**:")]
    [InlineData("- `src/app.py`")]
    [InlineData("`src/app.py` (new file)")]
    [InlineData("**src/app.py** (updated)")]
    [InlineData("src\\app.py")]
    [InlineData("1. src/app.py")]
    [InlineData("2) `src/app.py`")]
    public void Whole_file_block_takes_its_path_from_the_line_before_the_fence_however_it_is_decorated(string pathLine)
    {
        var parsed = FileEditParser.Parse($"Here you go.\n\n{pathLine}\n```python\n{Body}```\n");

        parsed.Problems.ShouldBeEmpty();
        parsed.Edits.ShouldBe([new FileEdit.WholeFile("src/app.py", Body)]);
    }

    [Fact]
    public void A_blank_line_between_the_path_and_the_fence_is_tolerated()
    {
        var parsed = FileEditParser.Parse($"src/app.py\n\n```python\n{Body}```");

        parsed.Edits.ShouldBe([new FileEdit.WholeFile("src/app.py", Body)]);
    }

    [Theory]
    [InlineData("```python src/app.py")]
    [InlineData("```python:src/app.py")]
    [InlineData("```src/app.py")]
    [InlineData("```python title=\"src/app.py\"")]
    [InlineData("~~~python src/app.py")]
    public void Whole_file_block_takes_its_path_from_the_fence_info(string fenceOpening)
    {
        var fenceClosing = fenceOpening[..3];
        var parsed = FileEditParser.Parse($"The entry point:\n{fenceOpening}\n{Body}{fenceClosing}\n");

        parsed.Problems.ShouldBeEmpty();
        parsed.Edits.ShouldBe([new FileEdit.WholeFile("src/app.py", Body)]);
    }

    [Fact]
    public void Several_files_in_one_answer_come_back_in_order_with_crlf_line_endings_normalised()
    {
        var answer = "First:\r\n\r\nsrc/a.py\r\n```python\r\na = 1\r\n```\r\n\r\nThen:\r\n\r\nMakefile\r\n```make\r\nall:\r\n\techo hi\r\n```\r\n";

        var parsed = FileEditParser.Parse(answer);

        parsed.Problems.ShouldBeEmpty();
        parsed.Edits.ShouldBe([new FileEdit.WholeFile("src/a.py", "a = 1\n"), new FileEdit.WholeFile("Makefile", "all:\n\techo hi\n")]);
    }

    [Fact]
    public void A_longer_outer_fence_keeps_the_inner_code_fences_of_the_file()
    {
        var readme = "# App\n\n```bash\npython app.py\n```\n";
        var parsed = FileEditParser.Parse($"README.md\n````markdown\n{readme}````\n");

        parsed.Edits.ShouldBe([new FileEdit.WholeFile("README.md", readme)]);
    }

    [Fact]
    public void Several_search_replace_blocks_in_one_fence_become_separate_edits_in_order()
    {
        var answer = """
            src/app.py
            ```python
            <<<<<<< SEARCH
            import os
            =======
            import os
            import sys
            >>>>>>> REPLACE
            <<<<<<< SEARCH
                print("hi")
            =======
                print("hello", file=sys.stderr)
            >>>>>>> REPLACE
            ```
            """;

        var parsed = FileEditParser.Parse(answer);

        parsed.Problems.ShouldBeEmpty();
        parsed.Edits.ShouldBe(
        [
            new FileEdit.SearchReplace("src/app.py", "import os", "import os\nimport sys"),
            new FileEdit.SearchReplace("src/app.py", "    print(\"hi\")", "    print(\"hello\", file=sys.stderr)"),
        ]);
    }

    [Fact]
    public void Search_replace_block_with_an_empty_search_is_read_as_creating_the_file()
    {
        var parsed = FileEditParser.Parse("src/new.py\n```python\n<<<<<<< SEARCH\n=======\nx = 1\n>>>>>>> REPLACE\n```");

        parsed.Edits.ShouldBe([new FileEdit.SearchReplace("src/new.py", string.Empty, "x = 1")]);
    }

    [Fact]
    public void Unterminated_search_replace_block_is_a_problem_while_the_complete_blocks_before_it_are_kept()
    {
        var answer = "src/app.py\n```python\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n<<<<<<< SEARCH\nc\n=======\nd\n```\n";

        var parsed = FileEditParser.Parse(answer);

        parsed.Edits.ShouldBe([new FileEdit.SearchReplace("src/app.py", "a", "b")]);
        parsed.Problems.ShouldHaveSingleItem().Reason.ShouldContain("src/app.py");
        parsed.Problems[0].Reason.ShouldContain("not closed");
        parsed.Problems[0].Path.ShouldBe("src/app.py");
    }

    [Fact]
    public void Search_replace_block_without_a_path_is_a_problem_not_an_edit()
    {
        var parsed = FileEditParser.Parse("Change this:\n```python\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```");

        parsed.Edits.ShouldBeEmpty();
        parsed.Problems.ShouldHaveSingleItem().Reason.ShouldContain("no file path");
    }

    [Fact]
    public void Illustrative_snippets_without_a_path_are_ignored()
    {
        var answer = """
            Run it with:
            ```bash
            python src/app.py --verbose
            ```

            Output

            ```
            hello
            ```

            ```json
            {"example": true}
            ```
            """;

        var parsed = FileEditParser.Parse(answer);

        parsed.Edits.ShouldBeEmpty();
        parsed.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void A_snippet_after_a_file_block_is_not_mistaken_for_a_file_named_by_the_closing_fence()
    {
        var parsed = FileEditParser.Parse($"src/app.py\n```python\n{Body}```\n```bash\npython src/app.py\n```\n");

        parsed.Edits.ShouldBe([new FileEdit.WholeFile("src/app.py", Body)]);
    }

    [Theory]
    [InlineData("../x.py", "leaves the project")]
    [InlineData("src/../../x.py", "leaves the project")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:\\x", "absolute")]
    [InlineData("C:\\temp\\x.py", "absolute")]
    [InlineData("~/.bashrc", "absolute")]
    [InlineData(".git/config", ".git")]
    [InlineData("src/.git/hooks/pre-commit", ".git")]
    [InlineData("src/a\u0001pp.py", "control characters")]
    [InlineData("src/a\0pp.py", "control characters")]
    public void Unsafe_path_before_a_fence_is_reported_and_never_produced_as_an_edit(string path, string reason)
    {
        var parsed = FileEditParser.Parse($"{path}\n```\nevil\n```\n");

        parsed.Edits.ShouldBeEmpty();
        parsed.Problems.ShouldHaveSingleItem().Reason.ShouldContain(reason);
    }

    [Theory]
    [InlineData("```python ../x.py")]
    [InlineData("```python:/etc/passwd")]
    [InlineData("```text .git/config")]
    public void Unsafe_path_in_the_fence_info_is_reported_and_never_produced_as_an_edit(string fenceOpening)
    {
        var parsed = FileEditParser.Parse($"{fenceOpening}\nevil\n```\n");

        parsed.Edits.ShouldBeEmpty();
        parsed.Problems.ShouldHaveSingleItem();
    }

    [Fact]
    public void Unsafe_search_replace_target_is_reported_and_never_produced_as_an_edit()
    {
        var parsed = FileEditParser.Parse("../outside.py\n```python\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```");

        parsed.Edits.ShouldBeEmpty();
        parsed.Problems.ShouldHaveSingleItem().Reason.ShouldContain("leaves the project");
    }

    [Fact]
    public void An_unsafe_block_does_not_stop_the_safe_blocks_around_it()
    {
        var parsed = FileEditParser.Parse($"a.py\n```\na\n```\n../b.py\n```\nb\n```\nc.py\n```\nc\n```");

        parsed.Edits.Select(e => e.Path).ShouldBe(["a.py", "c.py"]);
        parsed.Problems.ShouldHaveSingleItem();
    }

    [Fact]
    public void Unterminated_fence_from_an_answer_that_ran_out_of_tokens_still_yields_its_content()
    {
        var parsed = FileEditParser.Parse("src/app.py\n```python\ndef main():\n    print(\"hi\")");

        parsed.Problems.ShouldBeEmpty();
        parsed.Edits.ShouldBe([new FileEdit.WholeFile("src/app.py", "def main():\n    print(\"hi\")\n")]);
    }

    [Fact]
    public void An_answer_without_fences_has_no_edits_and_no_problems()
    {
        var parsed = FileEditParser.Parse("I think the project is complete as it is.");

        parsed.Edits.ShouldBeEmpty();
        parsed.Problems.ShouldBeEmpty();
    }
}
