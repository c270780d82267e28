using DevBot.Sandbox;

namespace DevBot.Verification;

/// <summary>
/// How to check one project, decided from its files alone (see <see cref="StackDetector"/>). Commands run inside a
/// sandbox session over a copy of the project, in this order: <see cref="Install"/> (network only when
/// SANDBOX_INSTALL_NETWORK=true), then <see cref="Tests"/> — or, without tests, <see cref="Compile"/>.
/// </summary>
/// <param name="Tools">The executables the plan needs inside the sandbox ("python3", "node", "npm", "dotnet", "go").</param>
/// <param name="InstallSkipped">Why dependencies are not installed although the project lists some (no network).</param>
/// <param name="Conditional">A better test command to use when its probe succeeds in the session (pytest when importable).</param>
/// <param name="Compile">A whole-project compile or syntax check; what runs when there are no tests.</param>
public sealed record VerificationPlan(
    ProjectStack Stack,
    IReadOnlyList<string> Tools,
    SandboxCommand? Install,
    string? InstallSkipped,
    SandboxCommand? Tests,
    TestFramework Framework,
    ConditionalTests? Conditional,
    SandboxCommand? Compile)
{
    public static VerificationPlan Nothing { get; } = new(ProjectStack.Unknown, [], null, null, null, TestFramework.None, null, null);

    /// <summary>The test command as shown to users (null without tests).</summary>
    public string? TestCommand => Tests?.Display;
}

/// <summary>Run <paramref name="Tests"/> (read as <paramref name="Framework"/>) instead of the plan's default when <paramref name="Probe"/> exits 0.</summary>
public sealed record ConditionalTests(SandboxCommand Probe, SandboxCommand Tests, TestFramework Framework);
