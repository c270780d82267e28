using System.Text.Json;
using DevBot.Llm;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Projects.Versions;

/// <summary>
/// The model's side of a change of the scripted temperature converter ("add Kelvin"): a change plan of two tasks and
/// SEARCH/REPLACE answers that use every rung of the edit ladder a real model needs — an exact block, a block
/// dedented by four spaces (its replacement re-indented), a block that is already applied, and an ambiguous block that
/// is refused and asked again alone while the good block of the same answer stays applied.
/// </summary>
public static class KelvinChange
{
    public const string Instruction = "Add conversion to Kelvin, on the command line too, with a test.";

    public const string Converter = ScriptedModel.Converter + "\n\ndef celsius_to_kelvin(c):\n    return c + 273.15\n";

    public const string KelvinBranch = "    value, unit = float(argv[1]), argv[2].upper()\n    if unit == \"K\":\n        print(celsius_to_kelvin(value))\n        return\n    print(celsius_to_fahrenheit(value) if unit == \"C\" else fahrenheit_to_celsius(value))\n";

    public static string Answer(RecordedChatRequest request)
    {
        var key = CallKey.Parse(request.CallKey!);
        return request.Kind switch
        {
            ChatKind.Plan => "```json\n" + JsonSerializer.Serialize(new
            {
                title = "Temperature converter",
                summary = "Add celsius_to_kelvin next to the other conversions, a K unit in the CLI, and its test.",
                tasks = new[]
                {
                    new { title = "Kelvin conversion", details = "Add celsius_to_kelvin to converter.py and the K unit to cli.py." },
                    new { title = "Kelvin test", details = "Test celsius_to_kelvin in tests/test_converter.py." },
                },
                testCommand = (string?)null,
            }) + "\n```",
            ChatKind.Implement when key.Task == 1 => ConversionEdits,
            ChatKind.Implement when key.Attempt == 1 => TestEditsWithAnAmbiguousBlock,
            ChatKind.Implement => TheRefusedBlockMadeUnique,
            ChatKind.Review when key.Task == 2 && !request.LastUser.Contains("def test_kelvin", StringComparison.Ordinal) =>
                """{"verdict": "REJECTED", "feedback": "One edit did not apply; add the test of celsius_to_kelvin."}""",
            ChatKind.Review => """{"verdict": "APPROVED", "feedback": "Kelvin is handled."}""",
            ChatKind.Readme => "# Temperature converter\n\nConverts temperatures between Celsius, Fahrenheit and Kelvin.\n\n    python cli.py 100 K\n",
            _ => "I could not find the problem.",
        };
    }

    private const string ConversionEdits = """
        Kelvin next to the others.

        converter.py
        ```python
        <<<<<<< SEARCH
        def fahrenheit_to_celsius(f):
            return (f - 32) * 5 / 9
        =======
        def fahrenheit_to_celsius(f):
            return (f - 32) * 5 / 9


        def celsius_to_kelvin(c):
            return c + 273.15
        >>>>>>> REPLACE
        ```

        cli.py
        ```python
        <<<<<<< SEARCH
        from converter import celsius_to_fahrenheit, fahrenheit_to_celsius
        =======
        from converter import celsius_to_fahrenheit, celsius_to_kelvin, fahrenheit_to_celsius
        >>>>>>> REPLACE
        <<<<<<< SEARCH
        value, unit = float(argv[1]), argv[2].upper()
        print(celsius_to_fahrenheit(value) if unit == "C" else fahrenheit_to_celsius(value))
        =======
        value, unit = float(argv[1]), argv[2].upper()
        if unit == "K":
            print(celsius_to_kelvin(value))
            return
        print(celsius_to_fahrenheit(value) if unit == "C" else fahrenheit_to_celsius(value))
        >>>>>>> REPLACE
        <<<<<<< SEARCH
        from converter import celsius_to_fahrenheit, fahrenheit_to_celsius
        =======
        from converter import celsius_to_fahrenheit, celsius_to_kelvin, fahrenheit_to_celsius
        >>>>>>> REPLACE
        ```
        """;

    private const string TestEditsWithAnAmbiguousBlock = """
        tests/test_converter.py
        ```python
        <<<<<<< SEARCH
        from converter import celsius_to_fahrenheit, fahrenheit_to_celsius
        =======
        from converter import celsius_to_fahrenheit, celsius_to_kelvin, fahrenheit_to_celsius
        >>>>>>> REPLACE
        <<<<<<< SEARCH
                self.assertEqual(
        =======
                self.assertAlmostEqual(
        >>>>>>> REPLACE
        ```
        """;

    private const string TheRefusedBlockMadeUnique = """
        Only the block that did not apply, now unique.

        tests/test_converter.py
        ```python
        <<<<<<< SEARCH
            def test_freezing(self):
                self.assertEqual(fahrenheit_to_celsius(32), 0)
        =======
            def test_freezing(self):
                self.assertEqual(fahrenheit_to_celsius(32), 0)

            def test_kelvin(self):
                self.assertEqual(celsius_to_kelvin(0), 273.15)
        >>>>>>> REPLACE
        ```
        """;
}
