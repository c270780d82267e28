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
    [InlineData("lpt10.txt", "lpt10.txt")]
    [InlineData("日本語/説明.md", "日本語/説明.md")]
    [InlineData("hindi/नमस्ते.txt", "hindi/नमस्ते.txt")]
    [InlineData("emoji/🚀.txt", "emoji/🚀.txt")]
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
        var path = "src/" + new string('a', ProjectPath.MaxBytes - 7) + ".py";

        ProjectPath.TryNormalize(path, out var normalized, out _).ShouldBeTrue();

        normalized!.Length.ShouldBe(ProjectPath.MaxBytes);
    }

    [Fact]
    public void A_path_longer_than_the_maximum_after_normalisation_is_rejected()
    {
        var path = "src/" + new string('a', ProjectPath.MaxBytes - 6) + ".py";

        ProjectPath.TryNormalize(path, out var normalized, out var error).ShouldBeFalse();

        normalized.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain($"longer than {ProjectPath.MaxBytes}");
    }

    [Fact]
    public void Redundant_separators_do_not_count_against_the_length_limit()
    {
        var path = "./src//" + new string('a', ProjectPath.MaxBytes - 7) + ".py";

        ProjectPath.TryNormalize(path, out var normalized, out _).ShouldBeTrue();

        normalized!.Length.ShouldBe(ProjectPath.MaxBytes);
    }

    [Fact]
    public void The_error_for_a_path_with_control_characters_does_not_echo_them()
    {
        ProjectPath.TryNormalize("src/a\u001b[2Jb.py", out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull().ShouldNotContain("\u001b");
    }

    [Fact]
    public void A_path_is_normalised_to_unicode_normal_form_c()
    {
        ProjectPath.TryNormalize("docs/e\u0301te\u0301.md", out var normalized, out _).ShouldBeTrue();

        normalized.ShouldBe("docs/\u00e9t\u00e9.md");
        ProjectPath.TryNormalize("\u212A.txt", out var kelvin, out _).ShouldBeTrue();
        kelvin.ShouldBe("K.txt", "the Kelvin sign is canonically the letter K");
    }

    [Theory]
    [InlineData("invoice\u202Efdp.exe", "U+202E, an invisible format character (Unicode category Cf")]
    [InlineData("a\u200Bb.py", "U+200B, an invisible format character")]
    [InlineData("a\u200Cb.py", "U+200C, an invisible format character")]
    [InlineData("a\u200Db.py", "U+200D, an invisible format character")]
    [InlineData("\uFEFFbom.py", "U+FEFF, an invisible format character")]
    [InlineData("soft\u00ADhyphen.py", "U+00AD, an invisible format character")]
    [InlineData("src\u2215evil.py", "U+2215, which looks like '/'")]
    [InlineData("src\u2044evil.py", "U+2044, which looks like '/'")]
    [InlineData("src\uFF0Fevil.py", "U+FF0F, which looks like '/'")]
    [InlineData("src\u29F8evil.py", "U+29F8, which looks like '/'")]
    [InlineData("src\uFF3Cevil.py", "U+FF3C, which looks like '\\'")]
    [InlineData("setup\uFF0Epy", "U+FF0E, which looks like '.'")]
    [InlineData("setup\u2024py", "U+2024, which looks like '.'")]
    [InlineData("readme\u3002md", "U+3002, which looks like '.'")]
    [InlineData("C\uFF1A/x.txt", "U+FF1A, which looks like ':'")]
    [InlineData("a\u00A0b.py", "U+00A0, a space other than the ASCII space")]
    [InlineData("a\u2028b.py", "U+2028, a line break")]
    [InlineData("a\uE000b.py", "U+E000, a private-use character")]
    [InlineData("a\u0378b.py", "U+0378, which is not an assigned Unicode character")]
    [InlineData("a\uFFFDb.py", "U+FFFD, the replacement character")]
    [InlineData("a\u3164b.py", "U+3164, an invisible character")]
    [InlineData("a\uFE0Fb.py", "U+FE0F, an invisible character")]
    [InlineData("src/\u0301a.py", "beginning with a combining mark")]
    [InlineData("git~1/config", ".git")]
    [InlineData("com0.log", "Windows reserves")]
    [InlineData("LPT\u00B9.txt", "Windows reserves")]
    [InlineData("CONIN$", "Windows reserves")]
    [InlineData("nul .txt", "Windows reserves")]
    public void Hostile_names_are_refused_with_an_error_naming_the_rule(string candidate, string rule)
    {
        ProjectPath.TryNormalize(candidate, out var normalized, out var error).ShouldBeFalse();

        normalized.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(rule);
    }

    [Theory]
    [InlineData("invoice\u202Efdp.exe", "invoice<U+202E>fdp.exe")]
    [InlineData("a\u200Bb.py", "a<U+200B>b.py")]
    [InlineData("src\u2215evil.py", "src<U+2215>evil.py")]
    public void The_error_shows_an_invisible_or_look_alike_character_as_its_code_point_never_raw(string candidate, string shown)
    {
        ProjectPath.TryNormalize(candidate, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull().ShouldContain($"'{shown}'");
    }

    [Fact]
    public void The_length_limit_counts_utf8_bytes()
    {
        var fits = "long/" + new string('漢', 77) + ".md"; // 239 bytes, 85 characters
        var tooLong = "long/" + new string('漢', 78) + ".md"; // 242 bytes

        ProjectPath.TryNormalize(fits, out _, out _).ShouldBeTrue();
        ProjectPath.TryNormalize(tooLong, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain($"longer than {ProjectPath.MaxBytes} bytes");
    }

    [Fact]
    public void A_broken_surrogate_pair_is_refused_and_shown_as_its_code_points()
    {
        // Not [InlineData]: test-case serialisation would turn the lone surrogates into U+FFFD before the test runs.
        foreach (var (candidate, shown) in new[] { ("a\uD800b.py", "a<U+D800>b.py"), ("a\uDC00\uD800b.py", "a<U+DC00><U+D800>b.py"), ("x\uD83D", "x<U+D83D>") })
        {
            ProjectPath.TryNormalize(candidate, out var normalized, out var error).ShouldBeFalse();

            normalized.ShouldBeNull();
            error.ShouldBe($"The path '{shown}' contains a broken surrogate pair (not valid Unicode text).");
        }
    }
}
