using DevBot.Telegram.Outbox;

namespace DevBot.Tests.Telegram;

/// <summary>The sender's schedule, checked as arithmetic on the slots it hands out (no clocks, no waiting).</summary>
public sealed class SendRateLimiterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Messages_to_many_chats_are_spaced_to_the_overall_rate()
    {
        var limiter = new SendRateLimiter(messagesPerSecond: 30, chatInterval: TimeSpan.FromSeconds(1));

        var slots = Enumerable.Range(1, 90).Select(chat => limiter.Reserve(chat, Now)).ToList();

        slots.ShouldBeInOrder();
        slots.Zip(slots.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap >= TimeSpan.FromSeconds(1.0 / 30) - TimeSpan.FromTicks(1));
        slots.Count(s => s < Now + TimeSpan.FromSeconds(1)).ShouldBe(30, "thirty messages in the first second, no more");
    }

    [Fact]
    public void One_chat_gets_at_most_one_message_per_interval()
    {
        var limiter = new SendRateLimiter(messagesPerSecond: 30, chatInterval: TimeSpan.FromSeconds(1));

        var first = limiter.Reserve(7, Now);
        var second = limiter.Reserve(7, Now);
        var otherChat = limiter.Reserve(8, Now);

        second.ShouldBeGreaterThanOrEqualTo(first + TimeSpan.FromSeconds(1));
        otherChat.ShouldBeLessThan(second, "another chat is not held up by chat 7's interval");
        limiter.ChatReadyAt(7).ShouldBe(second + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_429_holds_every_chat_until_its_retry_after_has_passed()
    {
        var limiter = new SendRateLimiter(messagesPerSecond: 30, chatInterval: TimeSpan.FromSeconds(1));
        limiter.Pause(7, Now + TimeSpan.FromSeconds(5));

        limiter.ChatReadyAt(7).ShouldBe(Now + TimeSpan.FromSeconds(5));
        limiter.ChatReadyAt(8).ShouldBe(Now + TimeSpan.FromSeconds(5));
        limiter.Reserve(8, Now).ShouldBeGreaterThanOrEqualTo(Now + TimeSpan.FromSeconds(5));
    }
}
