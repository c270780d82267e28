using DevBot.Shared;

namespace DevBot.Tests.Shared;

public sealed class PageCursorTests
{
    private static readonly PagePosition Position = new(new DateTime(2026, 3, 1, 12, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567), Guid.CreateVersion7());

    [Fact]
    public void A_cursor_round_trips_its_position_exactly_to_the_tick()
    {
        var cursor = PageCursor.Encode("projects|alice", Position);

        PageCursor.TryDecode("projects|alice", cursor, out var decoded).ShouldBeTrue();
        decoded.ShouldBe(Position);
        cursor.ShouldNotContain("+");
        cursor.ShouldNotContain("/");
        cursor.ShouldNotContain("=");
    }

    [Fact]
    public void A_cursor_from_another_list_is_refused()
    {
        var cursor = PageCursor.Encode("projects|alice", Position);
        PageCursor.TryDecode("projects|bob", cursor, out _).ShouldBeFalse();
    }

    [Fact]
    public void Every_single_character_edit_of_a_cursor_is_refused()
    {
        var cursor = PageCursor.Encode("scope", Position);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var i = 0; i < cursor.Length; i++)
        {
            foreach (var replacement in alphabet.Where(c => c != cursor[i]))
            {
                var edited = cursor[..i] + replacement + cursor[(i + 1)..];
                PageCursor.TryDecode("scope", edited, out _).ShouldBeFalse($"edit at {i} to '{replacement}'");
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("AAAA")]
    [InlineData("%%%%")]
    public void Garbage_is_refused(string cursor) => PageCursor.TryDecode("scope", cursor, out _).ShouldBeFalse();

    [Fact]
    public void Page_requests_refuse_out_of_range_limits_and_bad_cursors_with_a_sentence()
    {
        PageRequest.TryCreate(0, null, "s", out _, out var zero).ShouldBeFalse();
        zero.ShouldContain("between 1 and 200");
        PageRequest.TryCreate(201, null, "s", out _, out _).ShouldBeFalse();
        PageRequest.TryCreate(null, "bogus", "s", out _, out var bogus).ShouldBeFalse();
        bogus.ShouldContain("cursor");
        PageRequest.TryCreate(null, null, "s", out var defaults, out _).ShouldBeTrue();
        defaults.ShouldBe(new PageRequest(50, null));
    }
}
