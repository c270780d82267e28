using System.Text.RegularExpressions;
using DevBot.Sandbox;

namespace DevBot.Verification;

/// <summary>How a Python project is installed, tested (unittest or pytest) and compiled.</summary>
internal static partial class PythonLayout
{
    public const string VenvPython = ".venv/bin/python";

    /// <summary>
    /// Compiles each file given as an argument with <c>compile()</c> (nothing is written, unlike py_compile's .pyc) and
    /// prints every syntax error as <c>path:line: SyntaxError: message</c>; exits 1 when any failed.
    /// </summary>
    private const string CompileScript = """
        import sys
        failed = False
        for path in sys.argv[1:]:
            try:
                with open(path, 'rb') as source:
                    compile(source.read(), path, 'exec', dont_inherit=True)
            except SyntaxError as error:
                failed = True
                print(f"{path}:{error.lineno or 0}: {type(error).__name__}: {error.msg}")
            except (ValueError, OSError) as error:
                failed = True
                print(f"{path}:0: {type(error).__name__}: {error}")
        sys.exit(1 if failed else 0)
        """;

    public static VerificationPlan? Plan(ProjectFileSet files, bool installNetwork)
    {
        var sources = files.WithExtension(".py").ToList();
        var requirements = Requirements(files.Read("requirements.txt"));
        if (sources.Count == 0 && requirements.Count == 0)
        {
            return null;
        }

        SandboxCommand? install = null;
        string? skipped = null;
        if (requirements.Count > 0)
        {
            if (installNetwork)
            {
                install = SandboxCommand.Shell($"python3 -m venv .venv && {VenvPython} -m pip install -r requirements.txt",
                    network: true, toolchain: SandboxToolchain.Python);
            }
            else
            {
                skipped = "requirements.txt lists packages, but the install step has no network (SANDBOX_INSTALL_NETWORK=false)";
            }
        }

        var python = install is null ? "python3" : VenvPython;
        var tests = sources.Where(IsTestFile).ToList();
        var compile = CompileCommand(python, sources);
        if (tests.Count == 0)
        {
            return new VerificationPlan(ProjectStack.Python, ["python3"], install, skipped, null, TestFramework.None, null, compile);
        }

        var pytest = Pytest(python);
        var listsPytest = requirements.Any(r => r.StartsWith("pytest", StringComparison.OrdinalIgnoreCase));
        if (listsPytest && install is not null)
        {
            return new VerificationPlan(ProjectStack.Python, ["python3"], install, skipped, pytest, TestFramework.Pytest, null, compile);
        }

        // pytest only when it is really there: probed in the session (system python or the venv), else unittest.
        var conditional = tests.Any(t => PytestStyle().IsMatch(files.Read(t) ?? ""))
            ? new ConditionalTests(new SandboxCommand([python, "-c", "import pytest"], Toolchain: SandboxToolchain.Python), pytest, TestFramework.Pytest)
            : null;
        return new VerificationPlan(ProjectStack.Python, ["python3"], install, skipped, Unittest(python, files, tests), TestFramework.Unittest,
            conditional, compile);
    }

    public static SandboxCommand CompileCommand(string python, IEnumerable<string> paths) =>
        new([python, "-W", "ignore", "-c", CompileScript, .. paths], Toolchain: SandboxToolchain.Python);

    /// <summary>unittest's default pattern (test*.py) and pytest's other one (*_test.py).</summary>
    public static bool IsTestFile(string path)
    {
        var name = ProjectFileSet.FileName(path);
        return name.StartsWith("test", StringComparison.Ordinal) || name.EndsWith("_test.py", StringComparison.Ordinal);
    }

    private static SandboxCommand Pytest(string python) =>
        new([python, "-m", "pytest", "-p", "no:cacheprovider", "--color=no"], Toolchain: SandboxToolchain.Python);

    /// <summary>
    /// unittest discovery only descends into packages (folders with __init__.py): tests in a plain folder such as
    /// tests/ are found by starting there (<c>-s tests</c>; the project root stays importable as the working directory).
    /// </summary>
    private static SandboxCommand Unittest(string python, ProjectFileSet files, IReadOnlyList<string> tests)
    {
        var args = new List<string> { python, "-m", "unittest", "discover", "-v" };
        var directories = tests.Select(ProjectFileSet.Directory).Distinct(StringComparer.Ordinal).ToList();
        if (!directories.All(d => ImportableFromRoot(files, d)))
        {
            var start = directories.Count == 1 ? directories[0] : CommonTopFolder(directories);
            if (start is { Length: > 0 })
            {
                args.AddRange(["-s", start]);
            }
        }

        if (!tests.Any(t => ProjectFileSet.FileName(t).StartsWith("test", StringComparison.Ordinal)))
        {
            args.AddRange(["-p", "*_test.py"]);
        }

        return new SandboxCommand(args, Toolchain: SandboxToolchain.Python);
    }

    private static bool ImportableFromRoot(ProjectFileSet files, string directory)
    {
        if (directory.Length == 0)
        {
            return true;
        }

        var segments = directory.Split('/');
        return Enumerable.Range(1, segments.Length).All(n => files.Has(string.Join('/', segments.Take(n)) + "/__init__.py"));
    }

    private static string? CommonTopFolder(IReadOnlyList<string> directories)
    {
        var tops = directories.Select(d => d.Split('/')[0]).Distinct(StringComparer.Ordinal).ToList();
        return tops is [var top] && top.Length > 0 ? top : null;
    }

    /// <summary>The requirement lines of requirements.txt: not blank, not comments, not global options (--index-url…).</summary>
    public static IReadOnlyList<string> Requirements(string? content) =>
        content is null
            ? []
            : [.. content.Split('\n')
                .Select(line => (line.Contains('#', StringComparison.Ordinal) ? line[..line.IndexOf('#', StringComparison.Ordinal)] : line).Trim())
                .Where(line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal))];

    [GeneratedRegex(@"^\s*(import pytest|from pytest\b)|^def test_\w*\(", RegexOptions.Multiline)]
    private static partial Regex PytestStyle();
}
