using System.Text.RegularExpressions;
using DevBot.Sandbox;

namespace DevBot.Verification;

/// <summary>How a Go module is downloaded, tested (<c>go test -v ./...</c>: -v so passing tests are counted) and vetted.</summary>
internal static partial class GoLayout
{
    public static VerificationPlan? Plan(ProjectFileSet files, bool installNetwork)
    {
        var module = files.Read("go.mod");
        if (module is null)
        {
            return null;
        }

        SandboxCommand? install = null;
        string? skipped = null;
        if (Requires().IsMatch(module))
        {
            if (installNetwork)
            {
                install = new SandboxCommand(["go", "mod", "download"], Network: true, Toolchain: SandboxToolchain.Go);
            }
            else
            {
                skipped = "go.mod requires modules, but the install step has no network (SANDBOX_INSTALL_NETWORK=false)";
            }
        }

        var vet = VetCommand;
        if (!files.WithExtension("_test.go").Any())
        {
            return new VerificationPlan(ProjectStack.Go, ["go"], install, skipped, null, TestFramework.None, null, vet);
        }

        var tests = new SandboxCommand(["go", "test", "-v", "./..."], Toolchain: SandboxToolchain.Go);
        return new VerificationPlan(ProjectStack.Go, ["go"], install, skipped, tests, TestFramework.GoTest, null, vet);
    }

    public static SandboxCommand VetCommand { get; } = new(["go", "vet", "./..."], Toolchain: SandboxToolchain.Go);

    [GeneratedRegex(@"^\s*require\b", RegexOptions.Multiline)]
    private static partial Regex Requires();
}
