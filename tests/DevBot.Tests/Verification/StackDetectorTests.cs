using DevBot.Verification;

namespace DevBot.Tests.Verification;

public sealed class StackDetectorTests
{
    [Fact]
    public void Python_tests_in_a_plain_tests_folder_run_with_unittest_discovery_started_there()
    {
        var plan = StackDetector.Detect(Files(("converter.py", "def c(x): return x\n"), ("tests/test_converter.py", "import unittest\n")), null, installNetwork: false);

        plan.Stack.ShouldBe(ProjectStack.Python);
        plan.Framework.ShouldBe(TestFramework.Unittest);
        plan.TestCommand.ShouldBe("python3 -m unittest discover -v -s tests");
        plan.Tools.ShouldBe(["python3"]);
        plan.Install.ShouldBeNull();
        plan.Conditional.ShouldBeNull();
    }

    [Fact]
    public void Python_tests_in_a_package_run_with_discovery_from_the_root()
    {
        var plan = StackDetector.Detect(Files(("app/core.py", ""), ("tests/__init__.py", ""), ("tests/test_core.py", "import unittest\n")), null, false);

        plan.TestCommand.ShouldBe("python3 -m unittest discover -v");
    }

    [Fact]
    public void Python_tests_named_like_pytests_get_unittests_pattern_for_them()
    {
        var plan = StackDetector.Detect(Files(("calc.py", ""), ("calc_test.py", "import unittest\n")), null, false);

        plan.TestCommand.ShouldBe("python3 -m unittest discover -v -p '*_test.py'");
    }

    [Fact]
    public void Pytest_is_used_when_requirements_list_it_and_the_install_step_has_network()
    {
        var files = Files(("requirements.txt", "# tools\nflask==3.0\npytest>=8\n"), ("app.py", ""), ("tests/test_app.py", "def test_x():\n    assert True\n"));

        var plan = StackDetector.Detect(files, null, installNetwork: true);

        plan.Install.ShouldNotBeNull().Display.ShouldBe("python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt");
        plan.Install.Network.ShouldBeTrue();
        plan.Framework.ShouldBe(TestFramework.Pytest);
        plan.TestCommand.ShouldBe(".venv/bin/python -m pytest -p no:cacheprovider --color=no");
    }

    [Fact]
    public void Without_network_requirements_are_not_installed_and_pytest_style_tests_probe_for_pytest_first()
    {
        var files = Files(("requirements.txt", "pytest\n"), ("app.py", ""), ("test_app.py", "import pytest\n\ndef test_x():\n    assert True\n"));

        var plan = StackDetector.Detect(files, null, installNetwork: false);

        plan.Install.ShouldBeNull();
        plan.InstallSkipped.ShouldBe("requirements.txt lists packages, but the install step has no network (SANDBOX_INSTALL_NETWORK=false)");
        plan.Framework.ShouldBe(TestFramework.Unittest);
        plan.Conditional.ShouldNotBeNull();
        plan.Conditional.Probe.Display.ShouldBe("python3 -c 'import pytest'");
        plan.Conditional.Framework.ShouldBe(TestFramework.Pytest);
    }

    [Fact]
    public void A_requirements_file_with_only_comments_and_options_lists_nothing_to_install()
    {
        var plan = StackDetector.Detect(Files(("requirements.txt", "# nothing yet\n\n--index-url https://example.org\n"), ("app.py", "")), null, true);

        plan.Install.ShouldBeNull();
        plan.InstallSkipped.ShouldBeNull();
        plan.Tests.ShouldBeNull();
        plan.Compile.ShouldNotBeNull().Argv[0].ShouldBe("python3");
        plan.Compile.Argv.ShouldContain("app.py");
    }

    [Fact]
    public void Node_uses_a_real_test_script_and_installs_with_npm_ci_when_a_lock_file_exists()
    {
        var files = Files(
            ("package.json", """{ "name": "x", "scripts": { "test": "jest" }, "devDependencies": { "jest": "^29" } }"""),
            ("package-lock.json", "{}"),
            ("src/index.js", "module.exports = 1;\n"));

        var plan = StackDetector.Detect(files, null, installNetwork: true);

        plan.Stack.ShouldBe(ProjectStack.Node);
        plan.Framework.ShouldBe(TestFramework.NpmTest);
        plan.TestCommand.ShouldBe("npm test");
        plan.Install.ShouldNotBeNull().Display.ShouldBe("npm ci --no-audit --no-fund");
        plan.Tools.ShouldBe(["node", "npm"]);
    }

    [Fact]
    public void Node_without_a_real_test_script_runs_its_test_files_with_node_test()
    {
        var files = Files(
            ("package.json", """{ "name": "x", "scripts": { "test": "echo \"Error: no test specified\" && exit 1" } }"""),
            ("lib/sum.js", "module.exports = (a, b) => a + b;\n"),
            ("test/sum.js", "const test = require('node:test');\n"),
            ("lib/sum.test.mjs", "import test from 'node:test';\n"),
            ("node_modules/dep/test/x.js", ""));

        var plan = StackDetector.Detect(files, null, installNetwork: false);

        plan.Framework.ShouldBe(TestFramework.NodeTest);
        plan.TestCommand.ShouldBe("node --test --test-reporter=tap lib/sum.test.mjs test/sum.js");
        plan.Tools.ShouldBe(["node"]);
    }

    [Fact]
    public void Dotnet_runs_dotnet_test_on_the_solution_when_a_test_project_exists()
    {
        var files = Files(
            ("Calc.slnx", "<Solution />"),
            ("src/Calc/Calc.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />"),
            ("tests/Calc.Tests/Calc.Tests.csproj", "<Project><ItemGroup><PackageReference Include=\"Microsoft.NET.Test.Sdk\" /></ItemGroup></Project>"));

        var plan = StackDetector.Detect(files, null, false);

        plan.Stack.ShouldBe(ProjectStack.DotNet);
        plan.Framework.ShouldBe(TestFramework.DotnetTest);
        plan.TestCommand.ShouldBe("dotnet test Calc.slnx --no-restore --nologo");
        plan.Install.ShouldNotBeNull().Display.ShouldBe("dotnet restore Calc.slnx");
    }

    [Fact]
    public void Dotnet_without_tests_is_built()
    {
        var plan = StackDetector.Detect(Files(("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />"), ("Program.cs", "")), null, false);

        plan.Tests.ShouldBeNull();
        plan.Compile.ShouldNotBeNull().Display.ShouldBe("dotnet build App.csproj --no-restore --nologo");
    }

    [Fact]
    public void Go_runs_go_test_verbosely_and_skips_downloading_modules_without_network()
    {
        var files = Files(("go.mod", "module example.com/calc\n\ngo 1.22\n\nrequire github.com/google/go-cmp v0.6.0\n"), ("calc.go", ""), ("calc_test.go", ""));

        var plan = StackDetector.Detect(files, null, installNetwork: false);

        plan.Stack.ShouldBe(ProjectStack.Go);
        plan.TestCommand.ShouldBe("go test -v ./...");
        plan.Tools.ShouldBe(["go"]);
        plan.Install.ShouldBeNull();
        plan.InstallSkipped.ShouldNotBeNull().ShouldContain("SANDBOX_INSTALL_NETWORK=false");
    }

    [Fact]
    public void A_mixed_project_is_checked_as_the_stack_that_has_tests()
    {
        var files = Files(("app.py", ""), ("tests/test_app.py", "import unittest\n"), ("static/a.js", ""), ("static/b.js", ""), ("static/c.js", ""));

        StackDetector.Detect(files, null, false).Stack.ShouldBe(ProjectStack.Python);
    }

    [Fact]
    public void An_explicit_test_command_replaces_the_detected_one_but_not_an_unusable_one()
    {
        var files = Files(("app.py", ""), ("tests/test_app.py", ""));

        var explicitPlan = StackDetector.Detect(files, "  python3 -m unittest tests.test_app  ", false);
        explicitPlan.Framework.ShouldBe(TestFramework.Explicit);
        explicitPlan.TestCommand.ShouldBe("python3 -m unittest tests.test_app");

        StackDetector.Detect(files, "pytest\nrm -rf /", false).Framework.ShouldBe(TestFramework.Unittest);
        StackDetector.Detect(files, new string('x', StackDetector.MaxTestCommandLength + 1), false).Framework.ShouldBe(TestFramework.Unittest);
    }

    [Fact]
    public void A_project_without_code_has_nothing_to_run()
    {
        StackDetector.Detect(Files(("README.md", "# notes\n")), null, false).ShouldBe(VerificationPlan.Nothing);
    }

    private static Dictionary<string, string> Files(params (string Path, string Content)[] files) => files.ToDictionary(f => f.Path, f => f.Content);
}
