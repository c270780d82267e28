using System.Text;
using System.Text.Json;

namespace DevBot.Tests.Infrastructure;

/// <summary>
/// Plays architect, implementer and reviewer for a small, real project (a Python temperature converter with
/// tests), answering the way real models do: JSON in fences or wrapped in prose, files as path + fence,
/// SEARCH/REPLACE edits, and a reviewer that rejects a first attempt with feedback.
/// </summary>
public sealed class ScriptedModel
{
    private readonly HashSet<int> _rejectedOnce = [];

    public IReadOnlyList<ScriptedTask> Tasks { get; init; } = DefaultTasks;

    public string Title { get; init; } = "Temperature converter";

    /// <summary>Task indexes whose first review is a rejection.</summary>
    public IReadOnlySet<int> RejectFirstReviewOf { get; init; } = new HashSet<int> { 2 };

    /// <summary>Task indexes the reviewer never approves (to prove the attempt bound and the loop stop).</summary>
    public IReadOnlySet<int> NeverApprove { get; init; } = new HashSet<int>();

    /// <summary>How the plan JSON is wrapped: "bare", "fenced" or "prose".</summary>
    public string PlanStyle { get; init; } = "fenced";

    /// <summary>The plan's testCommand (null: DevBot detects it).</summary>
    public string? TestCommand { get; init; }

    /// <summary>What a task's first attempt writes instead of its good content (a placeholder, a syntax error, a bug).</summary>
    public IReadOnlyDictionary<int, string> FirstAttempt { get; init; } = new Dictionary<int, string>();

    /// <summary>
    /// Tasks whose first review wrongly rejects good code; the implementer resubmits the same files with an explanation,
    /// and the reviewer approves once it reads the explanation.
    /// </summary>
    public IReadOnlySet<int> FalselyRejectFirst { get; init; } = new HashSet<int>();

    /// <summary>The text before the files of an unchanged resubmission.</summary>
    public const string Explanation = "The previous attempt was right: the conversion functions already take and return floats.";

    /// <summary>The converter the first task of <see cref="DefaultTasks"/> writes.</summary>
    public const string Converter = "def celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n\n\ndef fahrenheit_to_celsius(f):\n    return (f - 32) * 5 / 9\n";

    /// <summary>A bug a reviewer does not see: 32 °F comes out as 35.6 °C, so test_freezing fails.</summary>
    public const string WrongConverter = "def celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n\n\ndef fahrenheit_to_celsius(f):\n    return (f + 32) * 5 / 9\n";

    /// <summary>The fix of <see cref="WrongConverter"/>, as a SEARCH/REPLACE edit.</summary>
    public const string FixOfTheBug = "The formula adds 32 instead of subtracting it.\n\nconverter.py\n```python\n<<<<<<< SEARCH\n    return (f + 32) * 5 / 9\n=======\n    return (f - 32) * 5 / 9\n>>>>>>> REPLACE\n```\n";

    /// <summary>The README the documenter writes (null: a short one in a Markdown fence).</summary>
    public string? Readme { get; init; }

    /// <summary>Answers a fix round (null: an answer with no files).</summary>
    public Func<RecordedChatRequest, string>? Fix { get; init; }

    public static IReadOnlyList<ScriptedTask> DefaultTasks { get; } =
    [
        new("Conversion functions", "Create converter.py with celsius_to_fahrenheit and fahrenheit_to_celsius.",
            "converter.py", Converter),
        new("Command line interface", "Add a command line entry point that reads a value and a unit and prints the conversion.",
            "cli.py", "import sys\n\nfrom converter import celsius_to_fahrenheit, fahrenheit_to_celsius\n\n\ndef main(argv):\n    value, unit = float(argv[1]), argv[2].upper()\n    print(celsius_to_fahrenheit(value) if unit == \"C\" else fahrenheit_to_celsius(value))\n\n\nif __name__ == \"__main__\":\n    main(sys.argv)\n"),
        new("Tests", "Write unit tests with unittest for both conversions.",
            "tests/test_converter.py", "import unittest\n\nfrom converter import celsius_to_fahrenheit, fahrenheit_to_celsius\n\n\nclass ConverterTests(unittest.TestCase):\n    def test_boiling(self):\n        self.assertEqual(celsius_to_fahrenheit(100), 212)\n\n    def test_freezing(self):\n        self.assertEqual(fahrenheit_to_celsius(32), 0)\n\n\nif __name__ == \"__main__\":\n    unittest.main()\n"),
    ];

    /// <summary>Answers every call of a later version of a project (a change: its call keys start with <c>v2/</c>, …).</summary>
    public Func<RecordedChatRequest, string>? Later { get; init; }

    public string Answer(RecordedChatRequest request) => request.Kind switch
    {
        _ when Later is not null && request.Version > 1 => Later(request),
        ChatKind.Plan => Plan(),
        ChatKind.Implement => Implement(request),
        ChatKind.Review => Review(request),
        ChatKind.Readme when Readme is not null => Readme,
        ChatKind.Readme => "```markdown\n# " + Title + "\n\nConverts temperatures between Celsius and Fahrenheit.\n\n## Run\n\n    python cli.py 100 C\n\n## Test\n\n    python -m unittest\n```\n",
        ChatKind.Fix => Fix?.Invoke(request) ?? "I could not find the problem.",
        _ => "I can only help with the project.",
    };

    private string Plan()
    {
        var json = JsonSerializer.Serialize(new
        {
            title = Title,
            summary = "A small Python package: pure conversion functions, a CLI on top, unittest tests.",
            tasks = Tasks.Select(t => new { title = t.Title, details = t.Details }),
            testCommand = TestCommand,
        });
        return PlanStyle switch
        {
            "bare" => json,
            "prose" => "Here is the plan you asked for:\n" + json + "\nLet me know if you want changes.",
            _ => "```json\n" + json + "\n```",
        };
    }

    private string Implement(RecordedChatRequest request)
    {
        var task = Tasks[request.TaskIndex - 1];
        var prompt = request.LastUser;
        var retry = prompt.Contains("# Reviewer feedback", StringComparison.Ordinal);
        var builder = new StringBuilder("Here is the implementation.\n\n");
        if (FirstAttempt.TryGetValue(request.TaskIndex, out var first))
        {
            builder.Append(task.Path).Append("\n```python\n").Append(retry ? task.Content : first).Append("```\n");
        }
        else if (retry && FalselyRejectFirst.Contains(request.TaskIndex))
        {
            builder.Clear().Append(Explanation).Append("\n\n").Append(task.Path).Append("\n```python\n").Append(task.Content).Append("```\n");
        }
        else if (retry && prompt.Contains(task.Path, StringComparison.Ordinal))
        {
            // Second attempt: an Aider-style edit of the file written in the first attempt.
            builder.Append(task.Path).Append("\n```python\n<<<<<<< SEARCH\nimport sys\n=======\nimport sys  # reads argv\n>>>>>>> REPLACE\n```\n");
        }
        else
        {
            builder.Append("**").Append(task.Path).Append("**\n```python\n").Append(task.Content).Append("```\n");
        }

        return builder.ToString();
    }

    private string Review(RecordedChatRequest request)
    {
        var index = request.TaskIndex;
        string verdict;
        string feedback;
        if (NeverApprove.Contains(index))
        {
            (verdict, feedback) = ("REJECTED", "The CLI must validate its arguments.");
        }
        else if (FalselyRejectFirst.Contains(index))
        {
            (verdict, feedback) = request.LastUser.Contains(Explanation, StringComparison.Ordinal)
                ? ("APPROVED", "Right, the explanation holds.")
                : ("REJECTED", "The functions must accept strings.");
        }
        else if (RejectFirstReviewOf.Contains(index) && _rejectedOnce.Add(index))
        {
            (verdict, feedback) = ("REJECTED", "Document why sys is imported.");
        }
        else
        {
            (verdict, feedback) = ("APPROVED", "Looks good.");
        }

        var json = JsonSerializer.Serialize(new { verdict, feedback });
        return index % 2 == 0 ? json : "My review:\n```json\n" + json + "\n```";
    }
}

public sealed record ScriptedTask(string Title, string Details, string Path, string Content);
