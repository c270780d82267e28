using DevBot.Shared;

namespace DevBot.Tests.Shared;

public sealed class UserTextTests
{
    [Theory]
    [InlineData("plain text", false)]
    [InlineData("émoji 🧪 and ümlauts", false)]
    [InlineData("tab\tand\nnewline\r\n", true)]
    public void Ordinary_text_passes(string text, bool multiline) =>
        UserText.Problem(text, "field", multiline).ShouldBeNull();

    [Theory]
    [InlineData("a\u0000b", true, "The name contains a NUL character (U+0000) at position 2; remove it.")]
    [InlineData("a\tb", false, "The name contains a control character (U+0009) at position 2; remove it.")]
    [InlineData("a\u007fb", true, "The name contains a control character (U+007F) at position 2; remove it.")]
    [InlineData("a\u0085b", true, "The name contains a control character (U+0085) at position 2; remove it.")]
    [InlineData("\uffff", true, "The name contains an invalid character (U+FFFF) at position 1; send valid UTF-8 text.")]
    public void Junk_is_named_with_its_code_point_and_position(string text, bool multiline, string expected) =>
        UserText.Problem(text, "name", multiline).ShouldBe(expected);

    [Fact]
    public void A_broken_surrogate_pair_is_named_but_a_whole_pair_passes()
    {
        // Built in code: a lone surrogate cannot survive in an attribute's string.
        UserText.Problem("a" + (char)0xD800 + "b", "name", multiline: true).ShouldBe("The name contains an invalid character (U+D800) at position 2; send valid UTF-8 text.");
        UserText.Problem("ab" + (char)0xDC00, "name", multiline: true).ShouldBe("The name contains an invalid character (U+DC00) at position 3; send valid UTF-8 text.");
        UserText.Problem("a" + (char)0xD83E + (char)0xDDEA, "name", multiline: false).ShouldBeNull();
    }
}
