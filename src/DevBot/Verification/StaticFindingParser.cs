using System.Globalization;
using System.Text.RegularExpressions;

namespace DevBot.Verification;

/// <summary>The output formats of the static checks DevBot runs.</summary>
internal enum StaticOutputFormat
{
    Python,
    Node,
    Dotnet,
    GoVet,
}

/// <summary>Turns a static check's output into findings with file and line, wherever the tool prints them.</summary>
internal static partial class StaticFindingParser
{
    private const string ProjectPrefix = "/project/";

    public static IReadOnlyList<StaticFinding> Parse(StaticOutputFormat format, string output)
    {
        var lines = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var findings = format switch
        {
            StaticOutputFormat.Python => Python(lines),
            StaticOutputFormat.Node => Node(lines),
            StaticOutputFormat.Dotnet => Dotnet(lines),
            _ => GoVet(lines),
        };
        return [.. findings.Distinct()];
    }

    // Our compile script: "path:line: SyntaxError: message".
    private static IEnumerable<StaticFinding> Python(string[] lines) =>
        lines.Select(l => PythonLine().Match(l)).Where(m => m.Success)
            .Select(m => new StaticFinding(Relative(m.Groups["path"].Value), LineNumber(m.Groups["line"].Value), $"{m.Groups["kind"].Value}: {m.Groups["message"].Value}", "python"));

    // node --check: "/project/a.js:3", the source line, a caret, a blank line, "SyntaxError: Unexpected token ';'".
    private static IEnumerable<StaticFinding> Node(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var location = NodeLocation().Match(lines[i]);
            if (!location.Success)
            {
                continue;
            }

            var message = lines.Skip(i + 1).Take(6).FirstOrDefault(l => NodeError().IsMatch(l))?.Trim() ?? "syntax error";
            yield return new StaticFinding(Relative(location.Groups["path"].Value), LineNumber(location.Groups["line"].Value), message, "node");
        }
    }

    // MSBuild: "/project/Program.cs(12,5): error CS1002: ; expected [/project/App.csproj]" (printed twice: once is enough).
    private static IEnumerable<StaticFinding> Dotnet(string[] lines) =>
        lines.Select(l => DotnetError().Match(l)).Where(m => m.Success)
            .Select(m => new StaticFinding(Relative(m.Groups["path"].Value), m.Groups["line"].Success ? LineNumber(m.Groups["line"].Value) : null,
                $"{m.Groups["code"].Value}: {m.Groups["message"].Value.Trim()}", "dotnet"));

    // go vet / the compiler: "./main.go:12:2: message" (vet may prefix "vet: ").
    private static IEnumerable<StaticFinding> GoVet(string[] lines) =>
        lines.Select(l => GoLine().Match(l)).Where(m => m.Success)
            .Select(m => new StaticFinding(Relative(m.Groups["path"].Value), LineNumber(m.Groups["line"].Value), m.Groups["message"].Value.Trim(), "go vet"));

    private static string Relative(string path)
    {
        path = path.Trim();
        if (path.StartsWith(ProjectPrefix, StringComparison.Ordinal))
        {
            return path[ProjectPrefix.Length..];
        }

        return path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
    }

    private static int? LineNumber(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var line) && line > 0 ? line : null;

    [GeneratedRegex(@"^(?<path>[^:\n]+\.pyw?):(?<line>\d+): (?<kind>\w+(?:Error|Exception)): (?<message>.*)$")]
    private static partial Regex PythonLine();

    [GeneratedRegex(@"^(?<path>/?[^:\s]+\.[cm]?js):(?<line>\d+)\s*$")]
    private static partial Regex NodeLocation();

    [GeneratedRegex(@"^\w*Error: ")]
    private static partial Regex NodeError();

    [GeneratedRegex(@"^\s*(?<path>[^(\n]+?)(?:\((?<line>\d+),\d+(?:,\d+,\d+)?\))?\s*: error (?<code>[A-Z]+\d+): (?<message>.*?)(?: \[[^\]]+\])?\s*$")]
    private static partial Regex DotnetError();

    [GeneratedRegex(@"^(?:vet: )?(?<path>\.?\.?/?[\w./-]+\.go):(?<line>\d+)(?::\d+)?: (?<message>.+)$")]
    private static partial Regex GoLine();
}
