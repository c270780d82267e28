using DevBot.Verification;

namespace DevBot.Tests.Verification;

public sealed class MissingDependenciesTests
{
    private static readonly Dictionary<string, string> PythonProject = new()
    {
        ["app/__init__.py"] = "",
        ["app/routes.py"] = "",
        ["helpers.py"] = "",
        ["tests/test_app.py"] = "",
    };

    [Fact]
    public void A_python_module_that_is_not_part_of_the_project_is_a_missing_dependency()
    {
        const string output = """
            ERROR: test_app (unittest.loader._FailedTest.test_app)
            ImportError: Failed to import test module: test_app
            Traceback (most recent call last):
              File "/project/tests/test_app.py", line 3, in <module>
                import flask.testing
            ModuleNotFoundError: No module named 'flask'
            """;

        MissingDependencies.Find(output, PythonProject).ShouldBe(["flask"]);
    }

    [Fact]
    public void A_missing_module_of_the_project_itself_is_a_code_bug_not_a_dependency()
    {
        MissingDependencies.Find("ModuleNotFoundError: No module named 'app.models'\nModuleNotFoundError: No module named 'helpers'\n", PythonProject).ShouldBeEmpty();
    }

    [Fact]
    public void A_node_package_is_a_missing_dependency_but_a_relative_module_is_not()
    {
        const string output = """
            node:internal/modules/cjs/loader:1143
              throw err;
              ^

            Error: Cannot find module 'express'
            Require stack:
            - /project/src/app.js
            Error: Cannot find module './routes'
            Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@fastify/cors' imported from /project/src/server.mjs
            Error: Cannot find module 'lodash/fp'
            """;

        MissingDependencies.Find(output, new Dictionary<string, string> { ["src/app.js"] = "" }).ShouldBe(["@fastify/cors", "express", "lodash"]);
    }

    [Fact]
    public void Nuget_packages_that_cannot_be_restored_and_go_modules_that_cannot_be_downloaded_are_missing_dependencies()
    {
        const string nuget = "/project/App.csproj : error NU1101: Unable to find package Newtonsoft.Json. No packages exist with this id in source(s): nuget.org\n";
        const string source = "/project/App.csproj : error NU1301: Unable to load the service index for source https://api.nuget.org/v3/index.json.\n";
        const string go = "main.go:4:2: no required module provides package github.com/gorilla/mux; to add it:\n\tgo get github.com/gorilla/mux\n";

        MissingDependencies.Find(nuget, new Dictionary<string, string>()).ShouldBe(["Newtonsoft.Json"]);
        MissingDependencies.Find(source, new Dictionary<string, string>()).ShouldBe(["NuGet packages (the package source is unreachable)"]);
        MissingDependencies.Find(go, new Dictionary<string, string>()).ShouldBe(["github.com/gorilla/mux"]);
    }

    [Fact]
    public void An_ordinary_test_failure_names_no_dependency()
    {
        MissingDependencies.Find("AssertionError: 3 != 3.5\nFAILED (failures=1)\n", PythonProject).ShouldBeEmpty();
    }
}
