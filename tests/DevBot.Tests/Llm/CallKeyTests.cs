using DevBot.Llm;

namespace DevBot.Tests.Llm;

public sealed class CallKeyTests
{
    /// <summary>The forms databases already hold: an old build must find its stored answers under the same keys.</summary>
    public static TheoryData<string, CallKey> StoredForms => new()
    {
        { "plan#1", CallKey.Plan() },
        { "plan#2", CallKey.Plan().WithTry(2) },
        { "task:3:implement#2", CallKey.Implement(3, 2) },
        { "task:3:review:2#1", CallKey.Review(3, 2) },
        { "task:12:review:1#3", CallKey.Review(12, 1).WithTry(3) },
        { "readme#1", CallKey.Readme() },
    };

    [Theory]
    [MemberData(nameof(StoredForms))]
    public void The_text_form_of_every_stored_key_is_pinned(string stored, CallKey key)
    {
        key.ToString().ShouldBe(stored);
        CallKey.Parse(stored).ShouldBe(key);
    }

    [Theory]
    [InlineData("fix:2#1")]
    [InlineData("v2/plan#1")]
    [InlineData("v3/task:1:implement#1")]
    [InlineData("v2/task:4:review:3#2")]
    [InlineData("v10/readme#1")]
    [InlineData("v2/fix:1#3")]
    public void Keys_of_fix_rounds_and_later_versions_round_trip(string text)
    {
        CallKey.Parse(text).ToString().ShouldBe(text);
    }

    [Fact]
    public void A_later_version_scopes_its_keys_so_they_never_collide_with_the_first_build()
    {
        CallKey.Plan(version: 2).ShouldNotBe(CallKey.Plan());
        CallKey.Implement(1, 1, version: 2).ToString().ShouldBe("v2/task:1:implement#1");
        CallKey.Parse("v2/task:1:implement#1").Version.ShouldBe(2);
        CallKey.Parse("task:1:implement#1").Version.ShouldBe(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plan")]
    [InlineData("plan#0")]
    [InlineData("plan#-1")]
    [InlineData("plan#01")]
    [InlineData("plan#x")]
    [InlineData("task:0:implement#1")]
    [InlineData("task:3:implement")]
    [InlineData("task:3:review#1")]
    [InlineData("task:a:review:1#1")]
    [InlineData("v0/plan#1")]
    [InlineData("v/plan#1")]
    [InlineData("parallel:1")]
    [InlineData("readme#1 ")]
    public void Anything_else_is_not_a_call_key(string text)
    {
        CallKey.TryParse(text, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => CallKey.Parse(text));
    }

    [Fact]
    public void An_implementation_attempt_has_no_retry_suffix_because_the_attempt_is_the_key()
    {
        Should.Throw<InvalidOperationException>(() => CallKey.Implement(1, 1).WithTry(2));
    }

    [Fact]
    public void Keys_of_different_steps_tasks_attempts_and_tries_differ()
    {
        CallKey[] keys =
        [
            CallKey.Plan(), CallKey.Plan().WithTry(2), CallKey.Implement(1, 1), CallKey.Implement(1, 2), CallKey.Implement(2, 1),
            CallKey.Review(1, 1), CallKey.Review(1, 1).WithTry(2), CallKey.Review(1, 2), CallKey.Readme(), CallKey.Fix(1), CallKey.Fix(2),
        ];

        keys.Select(k => k.ToString()).ShouldBeUnique();
        keys.ShouldBeUnique();
    }
}
