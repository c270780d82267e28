using System.Text;
using DevBot.Verification;

namespace DevBot.Tests.Verification;

public sealed class FailureDigestTests
{
    private static string LongUnittestOutput()
    {
        var output = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            output.Append($"test_case_{i:000} (tests.test_bulk.Bulk.test_case_{i:000}) ... ok\n");
        }

        output.Append("""
            test_divide (tests.test_calc.CalcTest.test_divide) ... FAIL
            test_parse (tests.test_calc.CalcTest.test_parse) ... ERROR

            ======================================================================
            ERROR: test_parse (tests.test_calc.CalcTest.test_parse)
            ----------------------------------------------------------------------
            Traceback (most recent call last):
              File "/project/tests/test_calc.py", line 14, in test_parse
                self.assertEqual(parse("2+2"), 4)
                                 ^^^^^^^^^^^^
              File "/project/calc.py", line 9, in parse
                left, right = text.split("*")
                ^^^^^^^^^^^
            ValueError: not enough values to unpack (expected 2, got 1)

            ======================================================================
            FAIL: test_divide (tests.test_calc.CalcTest.test_divide)
            ----------------------------------------------------------------------
            Traceback (most recent call last):
              File "/project/tests/test_calc.py", line 10, in test_divide
                self.assertEqual(divide(7, 2), 3.5)
            AssertionError: 3 != 3.5

            ----------------------------------------------------------------------
            Ran 402 tests in 0.210s

            FAILED (failures=1, errors=1)

            """);
        return output.ToString();
    }

    [Fact]
    public void Keeps_the_failures_tracebacks_assertion_messages_and_summary_of_a_long_output()
    {
        var digest = FailureDigest.Build(LongUnittestOutput(), TestFramework.Unittest, 4096);

        digest.ShouldContain("ERROR: test_parse (tests.test_calc.CalcTest.test_parse)");
        digest.ShouldContain("ValueError: not enough values to unpack (expected 2, got 1)");
        digest.ShouldContain("FAIL: test_divide (tests.test_calc.CalcTest.test_divide)");
        digest.ShouldContain("AssertionError: 3 != 3.5");
        digest.ShouldContain("Ran 402 tests in 0.210s");
        digest.ShouldEndWith("FAILED (failures=1, errors=1)");
        digest.ShouldNotContain("test_case_000", Case.Sensitive, "passing tests are noise");
        digest.IndexOf("ERROR: test_parse", StringComparison.Ordinal).ShouldBeLessThan(digest.IndexOf("FAIL: test_divide", StringComparison.Ordinal), "failures keep their order");
    }

    [Fact]
    public void Stays_within_the_byte_budget_on_line_boundaries_and_is_deterministic()
    {
        var output = LongUnittestOutput();

        foreach (var budget in new[] { 200, 400, 700, 1500 })
        {
            var digest = FailureDigest.Build(output, TestFramework.Unittest, budget);
            Encoding.UTF8.GetByteCount(digest).ShouldBeLessThanOrEqualTo(budget);
            var outputLines = output.Split('\n').ToHashSet();
            digest.Split('\n').ShouldAllBe(line => outputLines.Contains(line) || line.StartsWith('…'), "only whole lines of the output, or a gap marker");
            FailureDigest.Build(output, TestFramework.Unittest, budget).ShouldBe(digest);
        }

        FailureDigest.Build(output, TestFramework.Unittest, 700).ShouldContain("FAILED (failures=1, errors=1)", Case.Sensitive, "the summary survives a small budget");
    }

    [Fact]
    public void Counts_bytes_not_characters_and_never_splits_a_character()
    {
        var output = string.Concat(Enumerable.Repeat("Fehler: Größe überschritten – ✗ ungültig\n", 200)) + "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: ✗✗✗\n";

        var digest = FailureDigest.Build(output, TestFramework.Explicit, 300);

        Encoding.UTF8.GetByteCount(digest).ShouldBeLessThanOrEqualTo(300);
        digest.ShouldNotContain('\uFFFD');
        digest.ShouldContain("ValueError: ✗✗✗");
    }

    [Fact]
    public void Reads_node_tap_failures_with_their_diagnostics()
    {
        const string output = """
            TAP version 13
            # Subtest: adds
            ok 1 - adds
              ---
              duration_ms: 0.4
              ...
            # Subtest: divides
            not ok 2 - divides
              ---
              duration_ms: 0.7
              location: '/project/test/calc.test.js:8:1'
              failureType: 'testCodeFailure'
              error: |-
                Expected values to be strictly equal:

                3 !== 3.5
              code: 'ERR_ASSERTION'
              ...
            1..2
            # tests 2
            # pass 1
            # fail 1
            """;

        var digest = FailureDigest.Build(output, TestFramework.NodeTest, 2048);

        digest.ShouldContain("not ok 2 - divides");
        digest.ShouldContain("3 !== 3.5");
        digest.ShouldContain("# fail 1");
        digest.ShouldNotContain("ok 1 - adds");
    }

    [Fact]
    public void Reads_go_and_dotnet_failures()
    {
        const string go = "=== RUN   TestAdd\n--- PASS: TestAdd (0.00s)\n=== RUN   TestDiv\n    calc_test.go:12: Div(7, 2) = 3, want 3.5\n--- FAIL: TestDiv (0.00s)\nFAIL\nFAIL\texample.com/calc\t0.003s\n";
        const string dotnet = """
              Passed Calc.Tests.MathTests.Adds [1 ms]
              Failed Calc.Tests.MathTests.Divides [3 ms]
              Error Message:
               Assert.Equal() Failure: Values differ
            Expected: 3.5
            Actual:   3
              Stack Trace:
                 at Calc.Tests.MathTests.Divides() in /project/tests/MathTests.cs:line 12

            Failed!  - Failed:     1, Passed:     1, Skipped:     0, Total:     2, Duration: 40 ms - Calc.Tests.dll (net10.0)
            """;

        var goDigest = FailureDigest.Build(go, TestFramework.GoTest, 1024);
        goDigest.ShouldContain("calc_test.go:12: Div(7, 2) = 3, want 3.5");
        goDigest.ShouldContain("FAIL\texample.com/calc\t0.003s");

        var dotnetDigest = FailureDigest.Build(dotnet, TestFramework.DotnetTest, 1024);
        dotnetDigest.ShouldContain("Failed Calc.Tests.MathTests.Divides [3 ms]");
        dotnetDigest.ShouldContain("Actual:   3");
        dotnetDigest.ShouldContain("Failed!  - Failed:     1");
        dotnetDigest.ShouldNotContain("Passed Calc.Tests.MathTests.Adds");
    }

    [Fact]
    public void Unknown_output_keeps_its_tail()
    {
        var output = string.Concat(Enumerable.Range(0, 300).Select(i => $"step {i} done\n")) + "something went sideways\n";

        var digest = FailureDigest.Build(output, TestFramework.Explicit, 256);

        digest.ShouldEndWith("something went sideways");
        digest.ShouldContain("step 299 done");
        Encoding.UTF8.GetByteCount(digest).ShouldBeLessThanOrEqualTo(256);
    }
}
