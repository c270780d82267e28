using DevBot.Sandbox;

namespace DevBot.Verification;

/// <summary>One static check: the tools it needs, an optional install step first, the command, and how to read its output.</summary>
internal sealed record StaticCheck(IReadOnlyList<string> Tools, SandboxCommand? Install, SandboxCommand Command, StaticOutputFormat Format);

/// <summary>
/// Chooses the fast checks for the files a task changed: a Python compile of the changed .py files, <c>node --check</c>
/// of the changed scripts, <c>dotnet build</c> when a project file exists and C# changed, <c>go vet</c> when Go changed.
/// </summary>
internal static class StaticCheckPlanner
{
    private static readonly string[] DotnetInputs = [".cs", ".csproj", ".fsproj", ".vbproj", ".fs", ".vb", ".props", ".targets", ".sln", ".slnx"];

    public static IReadOnlyList<StaticCheck> Plan(IReadOnlyDictionary<string, string> files, IEnumerable<string> changedPaths, bool installNetwork)
    {
        var set = new ProjectFileSet(files);
        var changed = changedPaths.Select(ProjectFileSet.Normalize).Where(set.Paths.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var checks = new List<StaticCheck>();

        var python = changed.Where(p => p.EndsWith(".py", StringComparison.OrdinalIgnoreCase)).ToList();
        if (python.Count > 0)
        {
            checks.Add(new StaticCheck(["python3"], null, PythonLayout.CompileCommand("python3", python), StaticOutputFormat.Python));
        }

        var scripts = changed.Where(p => p.EndsWith(".js", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase)
            || p.EndsWith(".cjs", StringComparison.OrdinalIgnoreCase)).ToList();
        if (NodeLayout.CheckCommand(scripts) is { } nodeCheck)
        {
            checks.Add(new StaticCheck(["node"], null, nodeCheck, StaticOutputFormat.Node));
        }

        if (changed.Any(p => DotnetInputs.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase))) && DotnetLayout.Plan(set) is { Compile: { } build } dotnet)
        {
            checks.Add(new StaticCheck(["dotnet"], dotnet.Install, build, StaticOutputFormat.Dotnet));
        }

        if (changed.Any(p => p.EndsWith(".go", StringComparison.OrdinalIgnoreCase) || p == "go.mod") && GoLayout.Plan(set, installNetwork) is { } go)
        {
            checks.Add(new StaticCheck(["go"], go.Install, GoLayout.VetCommand, StaticOutputFormat.GoVet));
        }

        return checks;
    }
}
