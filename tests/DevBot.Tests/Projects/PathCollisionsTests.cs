using DevBot.Projects;

namespace DevBot.Tests.Projects;

public sealed class PathCollisionsTests
{
    private static readonly string[] Project = ["converter.py", "src/app.py", "src/lib/util.py", "docs/été.md"];

    [Theory]
    [InlineData("converter.py")]
    [InlineData("src/app.py")]
    [InlineData("src/new.py")]
    [InlineData("src/lib/more.py")]
    [InlineData("converter_test.py")]
    [InlineData("docs/ete.md")]
    public void New_and_rewritten_files_that_differ_by_more_than_case_are_fine(string path)
    {
        PathCollisions.Find(Project, path).ShouldBeNull();
    }

    [Theory]
    [InlineData("Converter.py", "converter.py exists; Converter.py differs only in case (file names must differ by more than letter case")]
    [InlineData("CONVERTER.PY", "converter.py exists; CONVERTER.PY differs only in case")]
    [InlineData("docs/ÉTÉ.md", "docs/été.md exists; docs/ÉTÉ.md differs only in case")]
    [InlineData("SRC/new.py", "The folder src/ exists; SRC/new.py spells it SRC/, which differs only in case")]
    [InlineData("src/Lib/x.py", "The folder src/lib/ exists; src/Lib/x.py spells it src/Lib/, which differs only in case")]
    [InlineData("converter.py/x.py", "converter.py is a file, so converter.py/x.py cannot use it as a folder")]
    [InlineData("src/lib", "src/lib/ is a folder, so src/lib cannot be a file")]
    [InlineData("SRC", "src/ is a folder, so SRC cannot be a file")]
    public void A_name_that_collides_on_a_case_insensitive_file_system_is_refused_naming_the_rule(string path, string sentence)
    {
        PathCollisions.Find(Project, path).ShouldNotBeNull().ShouldContain(sentence);
    }
}
