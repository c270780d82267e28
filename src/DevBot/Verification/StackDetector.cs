using DevBot.Sandbox;

namespace DevBot.Verification;

/// <summary>
/// Decides from a project's files how to check it: which stack, how to install its dependencies, which test command
/// (Python unittest/pytest, <c>npm test</c>/<c>node --test</c>, <c>dotnet test</c>, <c>go test</c>) and which
/// compile check. A project with several stacks (a Python API with a Node front end) is checked as the one that has
/// tests, else the one with the most source files. An explicit test command (the architect's plan may set one)
/// replaces the detected one.
/// </summary>
internal static class StackDetector
{
    /// <summary>Longest explicit test command accepted; it is model output, run only in the sandbox but still bounded.</summary>
    public const int MaxTestCommandLength = 500;

    public static VerificationPlan Detect(IReadOnlyDictionary<string, string> files, string? testCommand, bool installNetwork)
    {
        var set = new ProjectFileSet(files);
        var candidates = new List<(VerificationPlan Plan, int Sources)>();
        if (GoLayout.Plan(set, installNetwork) is { } go)
        {
            candidates.Add((go, set.WithExtension(".go").Count()));
        }

        if (DotnetLayout.Plan(set) is { } dotnet)
        {
            candidates.Add((dotnet, set.WithExtension(".cs", ".fs", ".vb").Count()));
        }

        if (NodeLayout.Plan(set, installNetwork) is { } node)
        {
            candidates.Add((node, NodeLayout.SourceCount(set)));
        }

        if (PythonLayout.Plan(set, installNetwork) is { } python)
        {
            candidates.Add((python, set.WithExtension(".py").Count()));
        }

        var plan = candidates
            .OrderByDescending(c => c.Plan.Tests is not null)
            .ThenByDescending(c => c.Sources)
            .Select(c => c.Plan)
            .FirstOrDefault() ?? VerificationPlan.Nothing;

        return NormalizeTestCommand(testCommand) is { } explicitCommand
            ? plan with
            {
                Tests = SandboxCommand.Shell(explicitCommand, toolchain: Toolchain(plan.Stack)),
                Framework = TestFramework.Explicit,
                Conditional = null,
            }
            : plan;
    }

    /// <summary>The explicit test command if it is usable: one line, not blank, at most <see cref="MaxTestCommandLength"/> characters.</summary>
    public static string? NormalizeTestCommand(string? testCommand)
    {
        var trimmed = testCommand?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxTestCommandLength || trimmed.Any(char.IsControl) ? null : trimmed;
    }

    internal static SandboxToolchain Toolchain(ProjectStack stack) => stack switch
    {
        ProjectStack.Python => SandboxToolchain.Python,
        ProjectStack.Node => SandboxToolchain.Node,
        ProjectStack.DotNet => SandboxToolchain.DotNet,
        ProjectStack.Go => SandboxToolchain.Go,
        _ => SandboxToolchain.Generic,
    };
}
