using System.Text;
using DevBot.Shared;

namespace DevBot.Tests.Shared;

public sealed class Utf8TextTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public void Text_that_fits_comes_back_unchanged()
    {
        Utf8Text.Truncate("héllo\n", 7, preferLineBoundary: true).ShouldBe("héllo\n");
        Utf8Text.Truncate(string.Empty, 0, preferLineBoundary: false).ShouldBeEmpty();
    }

    [Fact]
    public void The_limit_counts_utf8_bytes_not_characters()
    {
        var cjk = new string('漢', 100); // 3 bytes each

        var cut = Utf8Text.Truncate(cjk, 100, preferLineBoundary: false);

        cut.ShouldBe(new string('漢', 33));
        Utf8Text.ByteCount(cut).ShouldBe(99);
        Utf8Text.FitsIn(cjk, 299).ShouldBeFalse();
        Utf8Text.FitsIn(cjk, 300).ShouldBeTrue();
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void An_emoji_at_the_boundary_is_kept_whole_or_left_out_never_split(int maxBytes)
    {
        var text = "abc😀def"; // 3 + 4 + 3 bytes; the emoji is a surrogate pair

        var cut = Utf8Text.Truncate(text, maxBytes, preferLineBoundary: false);

        cut.ShouldBe(maxBytes < 7 ? "abc" : "abc😀");
        StrictUtf8.GetString(StrictUtf8.GetBytes(cut)).ShouldBe(cut, "the result is valid UTF-16 and UTF-8");
    }

    [Fact]
    public void An_emoji_sequence_joined_with_zero_width_joiners_is_not_broken_apart()
    {
        var family = "👨‍👩‍👧"; // 18 bytes: three emoji and two ZWJ
        var text = "ok " + family + " end";

        var cut = Utf8Text.Truncate(text, 3 + 14, preferLineBoundary: false);

        cut.ShouldBe("ok ");
    }

    [Fact]
    public void A_letter_with_a_combining_accent_stays_together()
    {
        var text = "cafe\u0301 au lait"; // "café" with a combining acute: e + U+0301 (2 bytes)

        Utf8Text.Truncate(text, 5, preferLineBoundary: false).ShouldBe("caf");
    }

    [Fact]
    public void With_line_preference_the_cut_falls_after_the_last_line_break_that_fits()
    {
        var text = "first line\nsecond line\nthird line\n";

        Utf8Text.Truncate(text, 30, preferLineBoundary: true).ShouldBe("first line\nsecond line\n");
        Utf8Text.Truncate(text, 30, preferLineBoundary: false).ShouldBe("first line\nsecond line\nthird l");
    }

    [Fact]
    public void A_crlf_is_never_split_either_way()
    {
        var text = "line one\r\nline two\r\n";

        Utf8Text.Truncate(text, 9, preferLineBoundary: false).ShouldBe("line one", "a cut between CR and LF would leave a stray CR");
        Utf8Text.Truncate(text, 15, preferLineBoundary: true).ShouldBe("line one\r\n");
    }

    [Fact]
    public void Without_a_line_break_in_reach_the_line_preference_falls_back_to_the_character_cut()
    {
        Utf8Text.Truncate("no breaks at all here", 8, preferLineBoundary: true).ShouldBe("no break");
    }

    [Fact]
    public void A_lone_surrogate_is_counted_as_the_replacement_character_it_encodes_to()
    {
        var text = "a\ud800b";

        Utf8Text.ByteCount(text).ShouldBe(5);
        Utf8Text.Truncate(text, 4, preferLineBoundary: false).ShouldBe("a\ud800");
    }

    [Fact]
    public void A_zero_byte_limit_gives_an_empty_string_and_a_negative_one_is_refused()
    {
        Utf8Text.Truncate("abc", 0, preferLineBoundary: true).ShouldBeEmpty();
        Should.Throw<ArgumentOutOfRangeException>(() => Utf8Text.Truncate("abc", -1, preferLineBoundary: true));
    }

    [Fact]
    public void A_long_run_of_combining_marks_is_cut_at_a_code_point_instead_of_dropping_everything()
    {
        var zalgo = "a" + new string('\u0301', 500); // one grapheme cluster of 1001 bytes

        var cut = Utf8Text.Truncate(zalgo, 201, preferLineBoundary: false);

        cut.ShouldBe("a" + new string('\u0301', 100));
    }

    [Fact]
    public void Clip_leaves_short_text_alone_and_cuts_long_text_to_the_limit_with_its_marker()
    {
        Utf8Text.Clip("short", 10).ShouldBe("short");
        Utf8Text.Clip("abcdefghij", 5).ShouldBe("abcd…");
        Utf8Text.Clip("abcdefghij", 6, "\n…").ShouldBe("abcd\n…");
        Utf8Text.Clip("abcdefghij", 3, string.Empty).ShouldBe("abc");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Clip_never_splits_a_surrogate_pair_whatever_the_limit(int maxChars)
    {
        var text = "ab😀😀😀😀"; // each emoji is two UTF-16 characters

        var cut = Utf8Text.Clip(text, maxChars);

        cut.Length.ShouldBeLessThanOrEqualTo(maxChars);
        cut.ShouldEndWith("…");
        System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(cut)).ShouldBe(cut, "a lone surrogate would turn into U+FFFD");
    }
}
