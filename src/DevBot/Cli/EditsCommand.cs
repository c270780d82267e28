using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using DevBot.Edits;
using DevBot.Projects;

namespace DevBot.Cli;

/// <summary>
/// <c>devbot edits apply --root DIR --input ANSWER_FILE</c>, like Aider's <c>--apply</c>: applies a model answer's
/// SEARCH/REPLACE and whole-file blocks to the files under DIR and prints a JSON report. Exit 0: every block applied
/// or was already applied; 1: some failed (their files are as they were; the others stay applied); 2: bad usage.
/// Needs no database: no host is built.
/// </summary>
internal static class EditsCommand
{
    /// <summary>Far above any answer a model gives (LLM_MAX_OUTPUT_TOKENS); a bigger file is not an answer.</summary>
    public const int MaxAnswerBytes = 16 * 1024 * 1024;

    private const string Usage = "Usage: devbot edits apply --root DIR --input ANSWER_FILE";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create()
    {
        // Optional at parse time so that a missing one is answered here, with exit code 2, like every usage error.
        var root = new Option<string?>("--root") { Description = "The folder whose files the edits apply to.", Arity = ArgumentArity.ZeroOrOne };
        var input = new Option<string?>("--input") { Description = "A file holding the model's answer.", Arity = ArgumentArity.ZeroOrOne };
        var apply = new Command("apply", "Apply a model answer's SEARCH/REPLACE and whole-file blocks to the files under a folder; prints a JSON report.")
        {
            root, input,
        };
        apply.TreatUnmatchedTokensAsErrors = false;
        apply.SetAction(parse => Run(parse.GetValue(root), parse.GetValue(input), parse.UnmatchedTokens));
        return new Command("edits", "Work with model edits.") { apply };
    }

    private static int Run(string? root, string? input, IReadOnlyList<string> unmatched)
    {
        var limits = new ProjectLimits();
        string? answer = null;
        var usageError = UsageError(root, input, unmatched) ?? BindLimits(limits) ?? ReadAnswer(input!, out answer);
        if (usageError is not null)
        {
            Console.Error.WriteLine(usageError);
            return 2;
        }

        var report = EditApplier.Apply(new DirectoryFiles(root!, limits.MaxFileBytes), FileEditParser.Parse(answer!), limits.MaxFileBytes);
        Console.Out.WriteLine(JsonSerializer.Serialize(new Output(
            report.Applied.Select(a => new AppliedJson(a.Path, a.Match)).ToList(),
            report.AlreadyApplied.Select(a => new AppliedJson(a.Path, a.Match)).ToList(),
            report.Failed.Select(f => new FailedJson(f.Path, f.Reason, f.DidYouMean)).ToList(),
            report.ChangedFiles), Json));
        return report.Succeeded ? 0 : 1;
    }

    private static string? UsageError(string? root, string? input, IReadOnlyList<string> unmatched)
    {
        if (unmatched.Count > 0)
        {
            return $"Unexpected argument '{unmatched[0]}'. {Usage}";
        }

        if (string.IsNullOrWhiteSpace(root) || string.IsNullOrWhiteSpace(input))
        {
            return $"Both --root and --input are required. {Usage}";
        }

        if (!Directory.Exists(root))
        {
            return $"The folder '{root}' does not exist.";
        }

        if (!File.Exists(input))
        {
            return $"The answer file '{input}' does not exist.";
        }

        return new FileInfo(input).Length > MaxAnswerBytes
            ? $"The answer file '{input}' is larger than {MaxAnswerBytes / (1024 * 1024)} MB; that is not a model answer."
            : null;
    }

    private static string? ReadAnswer(string input, out string? answer)
    {
        answer = null;
        try
        {
            answer = File.ReadAllText(input);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"The answer file '{input}' could not be read: {e.Message}";
        }
    }

    /// <summary>The same limits as a build (MAX_FILE_BYTES), from the environment; the file count limit does not apply to a folder.</summary>
    private static string? BindLimits(ProjectLimits limits)
    {
        try
        {
            new ConfigurationBuilder().AddEnvironmentVariables().Build().Bind(limits);
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }

        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(limits, new ValidationContext(limits), results, validateAllProperties: true))
        {
            return null;
        }

        var member = results[0].MemberNames.FirstOrDefault() ?? string.Empty;
        var variable = typeof(ProjectLimits).GetProperty(member)?.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? member;
        return $"{variable}: {results[0].ErrorMessage}";
    }

    private sealed record Output(IReadOnlyList<AppliedJson> Applied, IReadOnlyList<AppliedJson> AlreadyApplied, IReadOnlyList<FailedJson> Failed, IReadOnlyList<string> ChangedFiles);

    private sealed record AppliedJson(string Path, EditMatch Match);

    private sealed record FailedJson(string? Path, string Reason, string? DidYouMean);
}
