using System.Text;
using System.Text.Json;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.OpenApi;

/// <summary>
/// The document the real host serves passes Redocly's lint with its recommended rules and no error, as a test so
/// the test command fails on one; the warnings are written to the test's output.
/// </summary>
public sealed class OpenApiLintTests(OpenApiDocumentHost served) : IClassFixture<OpenApiDocumentHost>
{
    [Fact]
    public async Task The_served_document_passes_redoclys_recommended_rules_without_an_error()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "openapi.json");
        await File.WriteAllTextAsync(file, served.DocumentJson, timeout.Token);
        var redocly = await OpenApiTools.CommandAsync("redocly", timeout.Token);

        // No configuration file in the folder: the recommended rules. No telemetry, no update check.
        var result = await ProcessRunner.RunAsync("env",
            ["REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", redocly, "lint", file, "--extends=recommended", "--format=json"],
            folder.Path, timeout.Token);

        var report = FirstJsonValue(result.Output);
        var problems = report.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at "
                + string.Join(", ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString())))
            .ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, problems));
        var totals = report.GetProperty("totals");
        totals.GetProperty("errors").GetInt32().ShouldBe(0, string.Join(Environment.NewLine, problems));
        result.ExitCode.ShouldBe(0, result.Output);
    }

    /// <summary>Redocly prints its JSON report on standard output; notices follow on standard error.</summary>
    private static JsonElement FirstJsonValue(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, output);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output[start..]), new JsonReaderOptions { AllowTrailingCommas = false });
        return JsonElement.ParseValue(ref reader);
    }
}
