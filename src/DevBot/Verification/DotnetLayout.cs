using System.Text.RegularExpressions;
using DevBot.Sandbox;

namespace DevBot.Verification;

/// <summary>How a .NET project is restored, tested (<c>dotnet test</c> when a test project exists) and built.</summary>
internal static partial class DotnetLayout
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    public static VerificationPlan? Plan(ProjectFileSet files)
    {
        var projects = Projects(files);
        if (projects.Count == 0)
        {
            return null;
        }

        var solution = files.Paths.Where(p => !p.Contains('/', StringComparison.Ordinal)
            && (p.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))).ToList();
        var testProjects = projects.Where(p => TestProject().IsMatch(files.Read(p) ?? "")).ToList();
        IReadOnlyList<string> targets = solution.Count == 1 ? solution : projects;

        // Restore always runs: a build needs its assets file even when nothing is downloaded; it has network only when allowed.
        var install = Each("restore", targets, [], network: true);
        var build = Each("build", targets, ["--no-restore", "--nologo"], network: false);
        if (testProjects.Count == 0)
        {
            return new VerificationPlan(ProjectStack.DotNet, ["dotnet"], install, null, null, TestFramework.None, null, build);
        }

        var tests = Each("test", solution.Count == 1 ? solution : testProjects, ["--no-restore", "--nologo"], network: false);
        return new VerificationPlan(ProjectStack.DotNet, ["dotnet"], install, null, tests, TestFramework.DotnetTest, null, build);
    }

    public static IReadOnlyList<string> Projects(ProjectFileSet files) => [.. files.WithExtension(ProjectExtensions)];

    /// <summary>One dotnet call, or for several targets a shell loop that runs them all and fails if any failed.</summary>
    private static SandboxCommand Each(string verb, IReadOnlyList<string> targets, string[] options, bool network)
    {
        if (targets.Count == 1)
        {
            return new SandboxCommand(["dotnet", verb, targets[0], .. options], Network: network, Toolchain: SandboxToolchain.DotNet);
        }

        var script = $"status=0; for t in \"$@\"; do dotnet {verb} \"$t\" {string.Join(' ', options)} || status=1; done; exit $status";
        return new SandboxCommand(["/bin/sh", "-c", script, "dotnet-" + verb, .. targets], Network: network, Toolchain: SandboxToolchain.DotNet);
    }

    [GeneratedRegex(@"Microsoft\.NET\.Test\.Sdk|<IsTestProject>\s*true|Include=""(xunit|NUnit|MSTest)", RegexOptions.IgnoreCase)]
    private static partial Regex TestProject();
}
