using DevBot.Verification;

namespace DevBot.Tests.Verification;

public sealed class PlaceholderDetectorTests
{
    private const string UnfinishedPython = """
        import json


        class Inventory:
            def __init__(self):
                self.items = {}

            def add(self, name, count):
                # TODO: validate the count
                self.items[name] = self.items.get(name, 0) + count

            def remove(self, name, count):
                pass

            def save(self, path):
                ...

            def load(self, path):
                raise NotImplementedError

            def report(self):
                lines = []
                ...
                return "\n".join(lines)

            def export(self):
                # implement this
                return None

        # ... rest of the code unchanged
        """;

    private const string FinishedPython = """
        import abc
        import http.server
        from typing import Protocol


        class InventoryError(Exception):
            pass


        class Store(Protocol):
            def load(self) -> dict: ...


        class Exporter(abc.ABC):
            @abc.abstractmethod
            def export(self, items):
                raise NotImplementedError


        class Shape:
            def area(self):
                raise NotImplementedError("subclasses compute their area")


        class Square(Shape):
            def __init__(self, side):
                self.side = side

            def area(self):
                return self.side ** 2


        class QuietHandler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format, *args):
                pass  # the test server stays silent


        def on_start():
            "Called at start; nothing to do by default."
            pass


        def load(path):
            try:
                with open(path) as f:
                    return f.read()
            except FileNotFoundError:
                pass
            print("TODO list is empty")
            return "todo: nothing yet"
        """;

    private const string PythonTest = """
        import unittest

        from inventory import Exporter


        class ExporterTest(unittest.TestCase):
            def test_export_is_abstract(self):
                with self.assertRaises(NotImplementedError):
                    Exporter.export(None, [])

            def test_fake(self):
                class Fake:
                    def run(self):
                        raise NotImplementedError
                self.assertTrue(Fake)
        """;

    [Fact]
    public void Python_placeholders_are_found_with_path_line_text_and_rule()
    {
        var findings = Scan(("inventory.py", UnfinishedPython));

        findings.Select(f => f.ToString()).ShouldBe(
        [
            "inventory.py:9: [todo] # TODO: validate the count",
            "inventory.py:12: [empty-body] def remove(self, name, count):",
            "inventory.py:15: [empty-body] def save(self, path):",
            "inventory.py:19: [not-implemented] raise NotImplementedError",
            "inventory.py:23: [elided-code] ...",
            "inventory.py:27: [placeholder-text] # implement this",
            "inventory.py:30: [elided-code] # ... rest of the code unchanged",
        ]);
    }

    [Fact]
    public void Finished_python_with_deliberate_pass_abstract_methods_and_todo_strings_has_no_findings()
    {
        Scan(("inventory.py", FinishedPython), ("tests/test_inventory.py", PythonTest), ("stubs/inventory.pyi", "def load(path: str) -> str: ...\n"))
            .ShouldBeEmpty();
    }

    [Fact]
    public void A_todo_in_a_readme_or_other_text_is_not_code()
    {
        Scan(("README.md", "## TODO\n- implement this\n"), ("notes.txt", "FIXME later\n")).ShouldBeEmpty();
    }

    [Fact]
    public void Javascript_placeholders_are_found_and_finished_code_is_left_alone()
    {
        const string unfinished = """
            const express = require('express');

            function createApp(store) {
              const app = express();
              app.get('/todos', (req, res) => res.json(store.all()));
              // ... existing routes ...
              app.post('/todos', (req, res) => {
                // your code here
              });
              return app;
            }

            function remove(id) {
              throw new Error('Not implemented');
            }

            /* FIXME: handle errors */
            module.exports = { createApp, remove };
            """;
        const string finished = """
            // Routes for the todo list. Each handler validates its input.
            const message = "TODO: this is data, not a comment";
            const url = "http://example.org/path"; // a URL is not a comment start
            function fail(reason) {
              throw new Error(`Invalid todo: ${reason}`);
            }
            module.exports = { fail, message, url };
            """;
        const string test = """
            const test = require('node:test');
            test('stub', () => { throw new Error('not implemented'); });
            """;

        Scan(("src/app.js", unfinished)).Select(f => (f.Line, f.RuleName)).ShouldBe(
            [(6, "elided-code"), (8, "placeholder-text"), (14, "not-implemented"), (17, "todo")]);
        Scan(("src/routes.js", finished), ("test/app.test.js", test)).ShouldBeEmpty();
    }

    [Fact]
    public void Csharp_not_implemented_is_found_except_in_test_doubles()
    {
        const string unfinished = """
            namespace Shop;

            public sealed class PriceCalculator
            {
                public decimal Total(Order order) => throw new NotImplementedException();

                public decimal Tax(Order order)
                {
                    // TODO apply the tax table
                    return 0m;
                }
            }
            """;
        const string finished = """
            namespace Shop;

            /// <summary>Not implemented yet? No: this describes "throw new NotImplementedException()" in a string.</summary>
            public sealed class Discounts
            {
                private const string Help = "TODO: nothing";

                public decimal Apply(decimal price) => price > 100 ? price * 0.9m : price;
            }
            """;
        const string testDouble = """
            namespace Shop.Tests;

            public sealed class FakeClock : IClock
            {
                public DateTime Now => new(2024, 1, 1);
                public void Sleep(TimeSpan span) => throw new NotImplementedException();
            }

            public sealed class PriceTests
            {
                [Fact]
                public void Total_is_not_ready() => Assert.Throws<NotImplementedException>(() => new PriceCalculator().Total(null!));
            }
            """;

        Scan(("src/Shop/PriceCalculator.cs", unfinished)).Select(f => (f.Line, f.RuleName)).ShouldBe([(5, "not-implemented"), (9, "todo")]);
        Scan(("src/Shop/Discounts.cs", finished), ("tests/Shop.Tests/PriceTests.cs", testDouble)).ShouldBeEmpty();
    }

    [Fact]
    public void Go_placeholders_are_found_and_finished_go_is_left_alone()
    {
        const string unfinished = """
            package calc

            // Add returns the sum.
            func Add(a, b int) int {
            	return a + b
            }

            func Divide(a, b int) (int, error) {
            	panic("not implemented")
            }

            // ...
            """;
        const string finished = """
            package calc

            import "errors"

            var ErrZero = errors.New("division by zero")

            func Divide(a, b int) (int, error) {
            	if b == 0 {
            		return 0, ErrZero
            	}
            	return a / b, nil
            }

            func mustPositive(n int) int {
            	if n < 0 {
            		panic("negative input: " + `TODO is just text here`)
            	}
            	return n
            }
            """;

        Scan(("calc/calc.go", unfinished)).Select(f => (f.Line, f.RuleName)).ShouldBe([(9, "not-implemented"), (12, "elided-code")]);
        Scan(("calc/divide.go", finished)).ShouldBeEmpty();
    }

    [Fact]
    public void Only_lines_the_change_added_are_reported_when_the_previous_version_is_given()
    {
        const string before = "def old():\n    # TODO: keep for now\n    return 1\n";
        const string after = "def old():\n    # TODO: keep for now\n    return 1\n\n\ndef new():\n    # FIXME: new problem\n    return 2\n";
        var files = new Dictionary<string, string> { ["m.py"] = after };

        var findings = PlaceholderDetector.Scan(files, ["m.py"], new Dictionary<string, string> { ["m.py"] = before });

        findings.Select(f => f.ToString()).ShouldBe(["m.py:7: [todo] # FIXME: new problem"]);
    }

    [Fact]
    public void Only_changed_files_are_scanned()
    {
        var files = new Dictionary<string, string> { ["a.py"] = "# TODO a\n", ["b.py"] = "# TODO b\n" };

        PlaceholderDetector.Scan(files, ["b.py"]).Single().Path.ShouldBe("b.py");
    }

    private static IReadOnlyList<PlaceholderFinding> Scan(params (string Path, string Content)[] files) =>
        PlaceholderDetector.Scan(files.ToDictionary(f => f.Path, f => f.Content), files.Select(f => f.Path));
}
