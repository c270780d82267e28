using DevBot.Agents;
using DevBot.Llm;
using DevBot.Projects;

namespace DevBot.Tests.Llm;

public sealed class JsonAnswerTests
{
    private const string Verdict = """{"verdict": "APPROVED", "feedback": "Looks good."}""";

    private static ReviewAnswer Parse(string text)
    {
        JsonAnswer.TryParse<ReviewAnswer>(text, out var value, out var error).ShouldBeTrue(error);
        return value;
    }

    [Fact]
    public void Bare_json_is_read()
    {
        Parse(Verdict).ShouldBe(new ReviewAnswer(StepVerdict.Approved, "Looks good."));
    }

    [Fact]
    public void Bare_json_with_surrounding_whitespace_is_read()
    {
        Parse("\n\n  " + Verdict + "  \n").Verdict.ShouldBe(StepVerdict.Approved);
    }

    [Theory]
    [InlineData("```json\n{0}\n```")]
    [InlineData("```JSON\n{0}\n```")]
    [InlineData("```\n{0}\n```")]
    [InlineData("~~~json\n{0}\n~~~")]
    [InlineData("My review:\n\n```json\n{0}\n```\n\nThanks!")]
    [InlineData("```json\n{0}")]
    public void Json_in_a_markdown_fence_is_read(string template)
    {
        Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Verdict)).Feedback.ShouldBe("Looks good.");
    }

    [Fact]
    public void Json_surrounded_by_prose_is_read()
    {
        Parse("Sure! Here is my verdict: " + Verdict + " Let me know if you need more.").Verdict.ShouldBe(StepVerdict.Approved);
    }

    [Fact]
    public void Braces_and_escaped_quotes_inside_strings_do_not_end_the_object_early()
    {
        var parsed = Parse("""Verdict follows {"verdict": "REJECTED", "feedback": "Use f\"{x}}\" and close the } brace {"} trailing words""");

        parsed.ShouldBe(new ReviewAnswer(StepVerdict.Rejected, "Use f\"{x}}\" and close the } brace {"));
    }

    [Fact]
    public void Nested_objects_are_read_whole()
    {
        JsonAnswer.TryParse<ProjectPlan>(
            """Plan: {"title": "T", "summary": "S", "tasks": [{"title": "a", "details": "{b}"}, {"title": "c", "details": "d"}]} done""",
            out var plan, out var error).ShouldBeTrue(error);

        plan.Title.ShouldBe("T");
        plan.Tasks.Select(t => t.Title).ShouldBe(["a", "c"]);
        plan.Tasks[0].Details.ShouldBe("{b}");
    }

    [Fact]
    public void Property_names_are_case_insensitive_and_trailing_commas_and_comments_are_tolerated()
    {
        Parse("""{"Verdict": "APPROVED", /* sure */ "FEEDBACK": "ok",}""").ShouldBe(new ReviewAnswer(StepVerdict.Approved, "ok"));
    }

    [Theory]
    [InlineData("Sure! Here is what you asked for: {\"oops\": tru")]
    [InlineData("{\"verdict\": \"APPROVED\", \"feedback\": }")]
    [InlineData("```json\n{\"verdict\": APPROVED}\n```")]
    public void Malformed_json_is_refused_with_the_reason(string text)
    {
        JsonAnswer.TryParse<ReviewAnswer>(text, out var value, out var error).ShouldBeFalse();

        value.ShouldBeNull();
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("")]
    [InlineData("APPROVED, looks good.")]
    [InlineData("[\"APPROVED\"]")]
    public void An_answer_without_any_json_object_is_refused(string text)
    {
        JsonAnswer.TryParse<ReviewAnswer>(text, out var value, out var error).ShouldBeFalse();

        value.ShouldBeNull();
        error.ShouldBe("The answer held no JSON object.");
    }

    [Fact]
    public void With_several_objects_the_first_valid_one_wins()
    {
        var text = """
            First try: {"verdict": "REJECTED", "feedback": oops}
            Corrected: {"verdict": "APPROVED", "feedback": "second"}
            And another: {"verdict": "REJECTED", "feedback": "third"}
            """;

        Parse(text).ShouldBe(new ReviewAnswer(StepVerdict.Approved, "second"));
    }

    [Fact]
    public void A_fenced_object_is_preferred_over_an_example_object_in_the_prose_before_it()
    {
        var text = "The format is {\"verdict\": \"APPROVED or REJECTED\", \"feedback\": \"why\"}. Here it is:\n```json\n" + Verdict + "\n```";

        Parse(text).Feedback.ShouldBe("Looks good.");
    }
}
