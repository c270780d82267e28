using System.Text.Json;
using DevBot.Sandbox;

namespace DevBot.Verification;

/// <summary>How a Node project is installed (npm), tested (its test script, else <c>node --test</c>) and syntax-checked.</summary>
internal static class NodeLayout
{
    private static readonly string[] Scripts = [".js", ".mjs", ".cjs"];
    private static readonly string[] Sources = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx"];
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static VerificationPlan? Plan(ProjectFileSet files, bool installNetwork)
    {
        var manifest = files.Read("package.json");
        var scripts = files.WithExtension(Scripts).ToList();
        if (manifest is null && scripts.Count == 0)
        {
            return null;
        }

        var (testScript, dependencies) = ReadManifest(manifest);
        SandboxCommand? install = null;
        string? skipped = null;
        if (dependencies > 0)
        {
            if (installNetwork)
            {
                install = new SandboxCommand(["npm", files.Has("package-lock.json") ? "ci" : "install", "--no-audit", "--no-fund"],
                    Network: true, Toolchain: SandboxToolchain.Node);
            }
            else
            {
                skipped = "package.json lists dependencies, but the install step has no network (SANDBOX_INSTALL_NETWORK=false)";
            }
        }

        var compile = CheckCommand(scripts);
        if (testScript)
        {
            return new VerificationPlan(ProjectStack.Node, ["node", "npm"], install, skipped,
                new SandboxCommand(["npm", "test"], Toolchain: SandboxToolchain.Node), TestFramework.NpmTest, null, compile);
        }

        var tests = scripts.Where(IsNodeTestFile).ToList();
        var tools = install is null ? new[] { "node" } : ["node", "npm"];
        if (tests.Count == 0)
        {
            return new VerificationPlan(ProjectStack.Node, tools, install, skipped, null, TestFramework.None, null, compile);
        }

        // The files are named explicitly: node's own discovery patterns differ between versions; TAP is read the same by all.
        var run = new SandboxCommand(["node", "--test", "--test-reporter=tap", .. tests], Toolchain: SandboxToolchain.Node);
        return new VerificationPlan(ProjectStack.Node, tools, install, skipped, run, TestFramework.NodeTest, null, compile);
    }

    public static int SourceCount(ProjectFileSet files) => files.WithExtension(Sources).Count();

    /// <summary><c>node --check</c> checks one file per call: a shell loop checks them all and fails if any failed.</summary>
    public static SandboxCommand? CheckCommand(IReadOnlyList<string> scripts) =>
        scripts.Count == 0
            ? null
            : new SandboxCommand(["/bin/sh", "-c", "status=0; for f in \"$@\"; do node --check \"$f\" || status=1; done; exit $status", "node-check", .. scripts],
                Toolchain: SandboxToolchain.Node);

    /// <summary>node --test's default patterns: *.test.js, *-test.js, *_test.js, test-*.js, test.js, and anything in a test/ folder.</summary>
    public static bool IsNodeTestFile(string path)
    {
        var name = ProjectFileSet.FileName(path);
        var stem = name[..name.LastIndexOf('.')];
        return stem == "test" || stem.StartsWith("test-", StringComparison.Ordinal) || stem.EndsWith(".test", StringComparison.Ordinal)
            || stem.EndsWith("-test", StringComparison.Ordinal) || stem.EndsWith("_test", StringComparison.Ordinal)
            || path.Split('/').SkipLast(1).Contains("test");
    }

    private static (bool TestScript, int Dependencies) ReadManifest(string? manifest)
    {
        if (manifest is null)
        {
            return (false, 0);
        }

        try
        {
            using var document = JsonDocument.Parse(manifest, Lenient);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (false, 0);
            }

            var testScript = root.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                && scripts.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.String
                && test.GetString() is { Length: > 0 } command
                && !command.Contains("no test specified", StringComparison.OrdinalIgnoreCase);
            var dependencies = new[] { "dependencies", "devDependencies", "optionalDependencies" }
                .Sum(name => root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Object ? list.EnumerateObject().Count() : 0);
            return (testScript, dependencies);
        }
        catch (JsonException)
        {
            return (false, 0);
        }
    }
}
