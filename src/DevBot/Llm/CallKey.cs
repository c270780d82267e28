using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DevBot.Llm;

/// <summary>Which step of a build a model call belongs to.</summary>
public enum CallStep
{
    Plan,
    Implement,
    Review,
    Readme,
    Fix,
}

/// <summary>
/// The deterministic name of a model call within a project: a resumed build asks for the same key again and gets the
/// stored answer instead of paying twice. The text forms are stored in databases and must never change:
/// <c>plan#1</c>, <c>task:3:implement#2</c> (the attempt), <c>task:3:review:2#1</c> (attempt 2, try 1),
/// <c>readme#1</c>, <c>fix:2#1</c> (round 2, try 1); a later version of a project prefixes <c>v2/</c>.
/// The try is the structured-answer retry (a malformed answer is asked again with the parse error).
/// </summary>
public readonly record struct CallKey
{
    private CallKey(CallStep step, int version, int task, int attempt, int @try)
    {
        Step = step;
        Version = version;
        Task = task;
        Attempt = attempt;
        Try = @try;
    }

    public CallStep Step { get; }

    /// <summary>The project version the call builds (1 = the first build).</summary>
    public int Version { get; }

    /// <summary>The task index (implement, review), else 0.</summary>
    public int Task { get; }

    /// <summary>The implementation attempt (implement, review) or the fix round (fix), else 0.</summary>
    public int Attempt { get; }

    /// <summary>The structured-answer try, from 1.</summary>
    public int Try { get; }

    public static CallKey Plan(int version = 1) => new(CallStep.Plan, Positive(version), 0, 0, 1);

    public static CallKey Implement(int task, int attempt, int version = 1) => new(CallStep.Implement, Positive(version), Positive(task), Positive(attempt), 1);

    public static CallKey Review(int task, int attempt, int version = 1) => new(CallStep.Review, Positive(version), Positive(task), Positive(attempt), 1);

    public static CallKey Readme(int version = 1) => new(CallStep.Readme, Positive(version), 0, 0, 1);

    public static CallKey Fix(int round, int version = 1) => new(CallStep.Fix, Positive(version), 0, Positive(round), 1);

    /// <summary>The same step's next structured-answer try. An implementation's attempt is its own key, so it has no tries.</summary>
    public CallKey WithTry(int @try) => Step == CallStep.Implement
        ? throw new InvalidOperationException("An implementation attempt has no retry suffix; the attempt itself is the key.")
        : new(Step, Version, Task, Attempt, Positive(@try));

    /// <summary>The same call for another version of the project (agents name steps; the pipeline knows the version).</summary>
    public CallKey ForVersion(int version) => new(Step, Positive(version), Task, Attempt, Try);

    public override string ToString()
    {
        var prefix = Version == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"v{Version}/");
        return Step switch
        {
            CallStep.Plan => string.Create(CultureInfo.InvariantCulture, $"{prefix}plan#{Try}"),
            CallStep.Implement => string.Create(CultureInfo.InvariantCulture, $"{prefix}task:{Task}:implement#{Attempt}"),
            CallStep.Review => string.Create(CultureInfo.InvariantCulture, $"{prefix}task:{Task}:review:{Attempt}#{Try}"),
            CallStep.Readme => string.Create(CultureInfo.InvariantCulture, $"{prefix}readme#{Try}"),
            CallStep.Fix => string.Create(CultureInfo.InvariantCulture, $"{prefix}fix:{Attempt}#{Try}"),
            _ => throw new InvalidOperationException($"Unknown call step {Step}."),
        };
    }

    public static CallKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new FormatException($"'{text}' is not a call key.");

    public static bool TryParse([NotNullWhen(true)] string? text, out CallKey key)
    {
        key = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var version = 1;
        var rest = text;
        if (rest.StartsWith('v') && rest.IndexOf('/') is var slash and > 1)
        {
            if (!TryNumber(rest[1..slash], out version))
            {
                return false;
            }

            rest = rest[(slash + 1)..];
        }

        var hash = rest.LastIndexOf('#');
        if (hash < 0 || !TryNumber(rest[(hash + 1)..], out var suffix))
        {
            return false;
        }

        var parts = rest[..hash].Split(':');
        switch (parts)
        {
            case ["plan"]:
                key = Plan(version).WithTry(suffix);
                return true;
            case ["readme"]:
                key = Readme(version).WithTry(suffix);
                return true;
            case ["task", var task, "implement"] when TryNumber(task, out var index):
                key = Implement(index, suffix, version);
                return true;
            case ["task", var task, "review", var attempt] when TryNumber(task, out var index) && TryNumber(attempt, out var number):
                key = Review(index, number, version).WithTry(suffix);
                return true;
            case ["fix", var round] when TryNumber(round, out var number):
                key = Fix(number, version).WithTry(suffix);
                return true;
            default:
                return false;
        }
    }

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0
        && value.ToString(CultureInfo.InvariantCulture) == text;

    private static int Positive(int value) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Call key numbers start at 1.");
}
