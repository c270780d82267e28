using DevBot.Telegram.Delivery;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Telegram;

public sealed class EventIdGapsTests
{
    [Fact]
    public void Ids_without_a_hole_are_all_taken()
    {
        new EventIdGaps(TimeProvider.System).ReadyCount([11, 12, 13], cursor: 10).ShouldBe(3);
    }

    [Fact]
    public void A_hole_stops_the_cursor_until_it_fills_or_has_stayed_open_past_the_patience()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var gaps = new EventIdGaps(clock);

        gaps.ReadyCount([11, 13, 14], cursor: 10).ShouldBe(1, "12 may still be committing");
        gaps.ReadyCount([13, 14], cursor: 11).ShouldBe(0);
        clock.Advance(EventIdGaps.Patience - TimeSpan.FromMilliseconds(1));
        gaps.ReadyCount([13, 14], cursor: 11).ShouldBe(0);
        gaps.ReadyCount([12, 13, 14], cursor: 11).ShouldBe(3, "the late event arrived and is taken in order");
    }

    [Fact]
    public void A_hole_that_never_fills_is_passed_after_the_patience()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var gaps = new EventIdGaps(clock);

        gaps.ReadyCount([13, 14], cursor: 11).ShouldBe(0);
        clock.Advance(EventIdGaps.Patience);
        gaps.ReadyCount([13, 14], cursor: 11).ShouldBe(2);
    }
}
