namespace DevBot.Tests.Verification;

/// <summary>Small real projects, as DevBot's implementer would write them, for checks that really run them.</summary>
internal static class SampleProjects
{
    public const string Calculator = """
        def add(a, b):
            return a + b


        def divide(a, b):
            if b == 0:
                raise ZeroDivisionError("cannot divide by zero")
            return a / b


        def parse(text):
            left, right = text.split("+")
            return add(int(left), int(right))
        """;

    public const string CalculatorTests = """
        import unittest

        from calc import add, divide, parse


        class CalcTest(unittest.TestCase):
            def test_add(self):
                self.assertEqual(add(2, 3), 5)

            def test_divide(self):
                self.assertEqual(divide(7, 2), 3.5)

            def test_divide_by_zero(self):
                with self.assertRaises(ZeroDivisionError):
                    divide(1, 0)

            def test_parse(self):
                self.assertEqual(parse("2+2"), 4)


        if __name__ == "__main__":
            unittest.main()
        """;

    /// <summary>A correct Python project with unittest tests in tests/ (no __init__.py).</summary>
    public static Dictionary<string, string> Python() => new()
    {
        ["calc.py"] = Calculator,
        ["tests/test_calc.py"] = CalculatorTests,
        ["README.md"] = "# Calculator\n",
    };

    /// <summary>The same project with a wrong formula (one failure) and a parser that crashes (one error).</summary>
    public static Dictionary<string, string> BrokenPython()
    {
        var files = Python();
        files["calc.py"] = Calculator.Replace("return a / b", "return a // b", StringComparison.Ordinal)
            .Replace("text.split(\"+\")", "text.split(\"*\")", StringComparison.Ordinal);
        return files;
    }

    public const string NodeSum = """
        function sum(values) {
          return values.reduce((total, value) => total + value, 0);
        }

        function average(values) {
          return values.length === 0 ? 0 : sum(values) / values.length;
        }

        module.exports = { sum, average };
        """;

    public const string NodeSumTests = """
        const test = require('node:test');
        const assert = require('node:assert');
        const { sum, average } = require('../lib/stats');

        test('sums values', () => {
          assert.strictEqual(sum([1, 2, 3]), 6);
        });

        test('averages values', () => {
          assert.strictEqual(average([1, 2, 3, 4]), 2.5);
        });

        test('average of nothing is zero', () => {
          assert.strictEqual(average([]), 0);
        });
        """;

    public static Dictionary<string, string> Node() => new()
    {
        ["package.json"] = """{ "name": "stats", "version": "1.0.0", "scripts": { "test": "echo \"Error: no test specified\" && exit 1" } }""",
        ["lib/stats.js"] = NodeSum,
        ["test/stats.test.js"] = NodeSumTests,
    };

    public static Dictionary<string, string> BrokenNode()
    {
        var files = Node();
        files["lib/stats.js"] = NodeSum.Replace("sum(values) / values.length", "sum(values) / (values.length + 1)", StringComparison.Ordinal);
        return files;
    }
}
