using DevBot.Projects;

namespace DevBot.Tests.Projects;

public sealed class ProjectPathTests
{
    [Theory]
    [InlineData("app.py", "app.py")]
    [InlineData("src/app.py", "src/app.py")]
    [InlineData("./src/app.py", "src/app.py")]
    [InlineData("src//lib///util.py", "src/lib/util.py")]
    [InlineData("src/./app.py", "src/app.py")]
    [InlineData("src\\lib\\util.py", "src/lib/util.py")]
    [InlineData("  src/app.py  ", "src/app.py")]
    [InlineData(".gitignore", ".gitignore")]
    [InlineData(".github/workflows/ci.yml", ".github/workflows/ci.yml")]
    [InlineData("docs/ünïcödé.md", "docs/ünïcödé.md")]
    [InlineData("a..b/c...d.txt", "a..b/c...d.txt")]
    [InlineData("console.py", "console.py")]
    [InlineData("com10.txt", "com10.txt")]
    [InlineData("src/auxiliary.py", "src/auxiliary.py")]
    public void Safe_relative_paths_are_accepted_in_normal_form(string candidate, string expected)
    {
        ProjectPath.TryNormalize(candidate, out var normalized, out var error).ShouldBeTrue(error);

        normalized.ShouldBe(expected);
        error.ShouldBeNull();
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("src/a\0.py", "control characters")]
    [InlineData("src/a\u0001.py", "control characters")]
    [InlineData("src/a\tb.py", "control characters")]
    [InlineData("src/a\nb.py", "control characters")]
    [InlineData("src/a\u007f.py", "control characters")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("\\etc\\passwd", "absolute")]
    [InlineData("~/.ssh/authorized_keys", "absolute")]
    [InlineData("C:\\Windows\\x.dll", "absolute")]
    [InlineData("C:x.txt", "absolute")]
    [InlineData("c:/x.txt", "absolute")]
    [InlineData("..", "'..' is not allowed")]
    [InlineData("../x.py", "'..' is not allowed")]
    [InlineData("src/../../x.py", "'..' is not allowed")]
    [InlineData("src/..", "'..' is not allowed")]
    [InlineData("src\\..\\..\\x.py", "'..' is not allowed")]
    [InlineData("src/a:stream", "not allowed in file names")]
    [InlineData("src/a<b.py", "not allowed in file names")]
    [InlineData("src/a>b.py", "not allowed in file names")]
    [InlineData("src/a\"b.py", "not allowed in file names")]
    [InlineData("src/a|b.py", "not allowed in file names")]
    [InlineData("src/a?.py", "not allowed in file names")]
    [InlineData("src/*.py", "not allowed in file names")]
    [InlineData("src /app.py", "ending in a space or dot")]
    [InlineData("src./app.py", "ending in a space or dot")]
    [InlineData("app.", "ending in a space or dot")]
    [InlineData("...", "ending in a space or dot")]
    [InlineData(".git", ".git")]
    [InlineData(".git/config", ".git")]
    [InlineData(".GIT/hooks/pre-commit", ".git")]
    [InlineData("vendor/lib/.git/HEAD", ".git")]
    [InlineData(".", "names no file")]
    [InlineData("./", "names a folder")]
    [InlineData("src/", "names a folder")]
    [InlineData("CON", "Windows reserves")]
    [InlineData("docs/nul.txt", "Windows reserves")]
    [InlineData("logs/COM1.log", "Windows reserves")]
    [InlineData("lpt9", "Windows reserves")]
    [InlineData("././/.", "names no file")]
    public void Unsafe_paths_are_rejected_with_the_reason(string? candidate, string reason)
    {
        ProjectPath.TryNormalize(candidate, out var normalized, out var error).ShouldBeFalse();

        normalized.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void A_path_of_exactly_the_maximum_length_is_accepted()
    {
        var path = "src/" + new string('a', ProjectPath.MaxLength - 7) + ".py";

        ProjectPath.TryNormalize(path, out var normalized, out _).ShouldBeTrue();

        normalized!.Length.ShouldBe(ProjectPath.MaxLength);
    }

    [Fact]
    public void A_path_longer_than_the_maximum_after_normalisation_is_rejected()
    {
        var path = "src/" + new string('a', ProjectPath.MaxLength - 6) + ".py";

        ProjectPath.TryNormalize(path, out var normalized, out var error).ShouldBeFalse();

        normalized.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain($"longer than {ProjectPath.MaxLength}");
    }

    [Fact]
    public void Redundant_separators_do_not_count_against_the_length_limit()
    {
        var path = "./src//" + new string('a', ProjectPath.MaxLength - 7) + ".py";

        ProjectPath.TryNormalize(path, out var normalized, out _).ShouldBeTrue();

        normalized!.Length.ShouldBe(ProjectPath.MaxLength);
    }

    [Fact]
    public void The_error_for_a_path_with_control_characters_does_not_echo_them()
    {
        ProjectPath.TryNormalize("src/a\u001b[2Jb.py", out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull().ShouldNotContain("\u001b");
    }
}
