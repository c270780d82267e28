using DevBot.Verification;

namespace DevBot.Tests.Verification;

public sealed class TestOutputParserTests
{
    [Fact]
    public void Unittest_counts_come_from_Ran_and_the_verdict_line()
    {
        const string failed = """
            test_add (test_calc.CalcTest.test_add) ... ok
            test_div (test_calc.CalcTest.test_div) ... FAIL
            test_mul (test_calc.CalcTest.test_mul) ... ERROR
            test_neg (test_calc.CalcTest.test_neg) ... ERROR
            test_big (test_calc.CalcTest.test_big) ... skipped 'slow'

            ----------------------------------------------------------------------
            Ran 5 tests in 0.003s

            FAILED (failures=1, errors=2, skipped=1)
            """;

        TestOutputParser.Parse(TestFramework.Unittest, failed).ShouldBe(new TestCounts(1, 1, 2, 1));
        TestOutputParser.Parse(TestFramework.Unittest, "...\n----\nRan 12 tests in 0.100s\n\nOK (skipped=2)\n").ShouldBe(new TestCounts(10, 0, 0, 2));
        TestOutputParser.Parse(TestFramework.Unittest, "\nRan 1 test in 0.000s\n\nOK\n").ShouldBe(new TestCounts(1, 0, 0, 0));
        TestOutputParser.Parse(TestFramework.Unittest, "\nRan 0 tests in 0.000s\n\nNO TESTS RAN\n").ShouldBe(new TestCounts(0, 0, 0, 0));
    }

    [Fact]
    public void Pytest_counts_come_from_the_last_summary_line()
    {
        const string output = """
            ============================= test session starts ==============================
            collected 7 items

            tests/test_app.py ..F.sE.                                                [100%]
            =========================== short test summary info ============================
            FAILED tests/test_app.py::test_total - assert 41 == 42
            ERROR tests/test_app.py::test_db - RuntimeError: no database
            ============= 1 failed, 4 passed, 1 skipped, 1 error in 0.12s ==============
            """;

        TestOutputParser.Parse(TestFramework.Pytest, output).ShouldBe(new TestCounts(4, 1, 1, 1));
        TestOutputParser.Parse(TestFramework.Pytest, "3 passed in 0.01s\n").ShouldBe(new TestCounts(3, 0, 0, 0));
        TestOutputParser.Parse(TestFramework.Pytest, "===== 2 passed, 1 xfailed, 3 warnings in 1.20s =====\n").ShouldBe(new TestCounts(3, 0, 0, 0));
    }

    [Fact]
    public void Node_test_counts_come_from_the_TAP_or_spec_summary()
    {
        const string tap = """
            TAP version 13
            # Subtest: adds
            ok 1 - adds
              ---
              duration_ms: 0.5
              ...
            # Subtest: divides
            not ok 2 - divides
              ---
              duration_ms: 0.7
              failureType: 'testCodeFailure'
              error: 'Expected values to be strictly equal:\n\n2 !== 3\n'
              ...
            1..2
            # tests 2
            # suites 0
            # pass 1
            # fail 1
            # cancelled 0
            # skipped 0
            # todo 0
            # duration_ms 41.2
            """;
        const string spec = "✔ adds (0.5ms)\n✖ divides (0.7ms)\nℹ tests 2\nℹ suites 0\nℹ pass 1\nℹ fail 1\nℹ cancelled 0\nℹ skipped 0\nℹ todo 0\n";

        TestOutputParser.Parse(TestFramework.NodeTest, tap).ShouldBe(new TestCounts(1, 1, 0, 0));
        TestOutputParser.Parse(TestFramework.NpmTest, spec).ShouldBe(new TestCounts(1, 1, 0, 0));
    }

    [Fact]
    public void Npm_test_scripts_running_jest_vitest_or_mocha_are_counted()
    {
        TestOutputParser.Parse(TestFramework.NpmTest, "Test Suites: 1 failed, 1 total\nTests:       1 failed, 1 skipped, 4 passed, 6 total\nSnapshots:   0 total\n")
            .ShouldBe(new TestCounts(4, 1, 0, 1));
        TestOutputParser.Parse(TestFramework.NpmTest, " Test Files  1 failed (1)\n      Tests  2 failed | 5 passed (7)\n").ShouldBe(new TestCounts(5, 2, 0, 0));
        TestOutputParser.Parse(TestFramework.NpmTest, "  api\n    ✓ lists\n\n  3 passing (12ms)\n  1 pending\n  2 failing\n").ShouldBe(new TestCounts(3, 2, 0, 1));
    }

    [Fact]
    public void Dotnet_test_summaries_of_several_projects_are_summed()
    {
        const string output = """
              Failed Calc.Tests.MathTests.Divides [3 ms]
              Error Message:
               Assert.Equal() Failure: Values differ
            Failed!  - Failed:     1, Passed:     5, Skipped:     0, Total:     6, Duration: 40 ms - Calc.Tests.dll (net10.0)
            Passed!  - Failed:     0, Passed:     3, Skipped:     1, Total:     4, Duration: 12 ms - Api.Tests.dll (net10.0)
            """;

        TestOutputParser.Parse(TestFramework.DotnetTest, output).ShouldBe(new TestCounts(8, 1, 0, 1));
        TestOutputParser.Parse(TestFramework.DotnetTest, "Test summary: total: 5, failed: 1, succeeded: 4, skipped: 0, duration: 1.2s\n").ShouldBe(new TestCounts(4, 1, 0, 0));
    }

    [Fact]
    public void Go_test_counts_top_level_results_and_packages_that_did_not_build()
    {
        const string output = """
            === RUN   TestAdd
            --- PASS: TestAdd (0.00s)
            === RUN   TestTable
            === RUN   TestTable/zero
                --- PASS: TestTable/zero (0.00s)
            --- FAIL: TestTable (0.00s)
            === RUN   TestSkip
            --- SKIP: TestSkip (0.00s)
            FAIL
            FAIL	example.com/calc	0.004s
            # example.com/calc/broken
            broken/b.go:3:9: undefined: y
            FAIL	example.com/calc/broken [build failed]
            ok  	example.com/calc/other	0.002s
            """;

        TestOutputParser.Parse(TestFramework.GoTest, output).ShouldBe(new TestCounts(1, 1, 1, 1));
    }

    [Fact]
    public void An_explicit_command_is_read_with_every_format_and_unknown_output_gives_no_counts()
    {
        TestOutputParser.Parse(TestFramework.Explicit, "\nRan 3 tests in 0.1s\n\nOK\n").ShouldBe(new TestCounts(3, 0, 0, 0));
        TestOutputParser.Parse(TestFramework.Explicit, "all good, trust me\n").ShouldBeNull();
        TestOutputParser.Parse(TestFramework.None, "Ran 3 tests in 0.1s\n").ShouldBeNull();
    }
}
