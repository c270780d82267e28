using DevBot.Verification;

namespace DevBot.Tests.Verification;

public sealed class StaticFindingParserTests
{
    [Fact]
    public void Python_syntax_errors_carry_file_and_line()
    {
        var findings = StaticFindingParser.Parse(StaticOutputFormat.Python,
            "app.py:3: SyntaxError: '(' was never closed\npkg/util.py:10: IndentationError: unexpected indent\n");

        findings.ShouldBe(
        [
            new StaticFinding("app.py", 3, "SyntaxError: '(' was never closed", "python"),
            new StaticFinding("pkg/util.py", 10, "IndentationError: unexpected indent", "python"),
        ]);
    }

    [Fact]
    public void Node_check_errors_carry_file_line_and_the_error_message()
    {
        const string output = """
            /project/src/app.js:4
              const total = ;
                            ^

            SyntaxError: Unexpected token ';'
                at internalCompileFunction (node:internal/vm:76:18)

            Node.js v20.20.2
            """;

        StaticFindingParser.Parse(StaticOutputFormat.Node, output).ShouldBe([new StaticFinding("src/app.js", 4, "SyntaxError: Unexpected token ';'", "node")]);
    }

    [Fact]
    public void Dotnet_build_errors_are_read_once_each_and_warnings_are_ignored()
    {
        const string output = """
            /project/Program.cs(12,5): error CS1002: ; expected [/project/App.csproj]
            /project/Program.cs(3,7): warning CS0168: The variable 'x' is declared but never used [/project/App.csproj]
            Build FAILED.
            /project/Program.cs(12,5): error CS1002: ; expected [/project/App.csproj]
            """;

        StaticFindingParser.Parse(StaticOutputFormat.Dotnet, output).ShouldBe([new StaticFinding("Program.cs", 12, "CS1002: ; expected", "dotnet")]);
    }

    [Fact]
    public void Go_vet_findings_carry_file_and_line()
    {
        const string output = "# example.com/calc\n./calc.go:12:2: fmt.Printf format %d has arg s of wrong type string\nvet: ./util/u.go:3:9: undefined: y\n";

        StaticFindingParser.Parse(StaticOutputFormat.GoVet, output).ShouldBe(
        [
            new StaticFinding("calc.go", 12, "fmt.Printf format %d has arg s of wrong type string", "go vet"),
            new StaticFinding("util/u.go", 3, "undefined: y", "go vet"),
        ]);
    }
}
