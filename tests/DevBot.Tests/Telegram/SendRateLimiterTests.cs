using DevBot.Telegram.BotApi;

namespace DevBot.Tests.Telegram;

/// <summary>Telegram's flood limits as kept by the sends: arithmetic on explicit times, plus a simulation with network jitter.</summary>
public sealed class SendRateLimiterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Sends_to_many_chats_start_spaced_to_the_overall_rate_and_the_window_opens_a_second_after_the_first_answer()
    {
        var limiter = NewLimiter();
        var starts = new List<DateTimeOffset>();
        var at = Now;
        for (var chat = 1; chat <= 30; chat++)
        {
            var permit = limiter.TryEnter(chat, at, out var retryAt);
            if (permit is null)
            {
                at = retryAt!.Value;
                permit = limiter.TryEnter(chat, at, out _).ShouldNotBeNull();
            }

            starts.Add(at);
            limiter.Exit(chat, at + TimeSpan.FromMilliseconds(5));
        }

        starts.Zip(starts.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap >= TimeSpan.FromSeconds(1.0 / 30) - TimeSpan.FromTicks(1));
        limiter.TryEnter(31, starts[^1] + Second / 30, out var next).ShouldBeNull("thirty places are taken until a second after the first answer");
        next.ShouldBe(starts[0] + TimeSpan.FromMilliseconds(5) + Second);
    }

    [Fact]
    public void A_send_in_flight_keeps_its_place_until_its_answer_is_in()
    {
        var limiter = NewLimiter(messagesPerSecond: 2);
        limiter.TryEnter(1, Now, out _).ShouldNotBeNull();
        limiter.TryEnter(2, Now + Second, out _).ShouldNotBeNull();

        limiter.TryEnter(3, Now + TimeSpan.FromSeconds(5), out var retryAt).ShouldBeNull("both places are held by unanswered sends");
        retryAt.ShouldBeNull("only an answer makes room");

        limiter.Exit(1, Now + TimeSpan.FromSeconds(6));
        limiter.TryEnter(3, Now + TimeSpan.FromSeconds(6), out retryAt).ShouldBeNull();
        retryAt.ShouldBe(Now + TimeSpan.FromSeconds(7));
        limiter.TryEnter(3, Now + TimeSpan.FromSeconds(7), out _).ShouldNotBeNull();
    }

    [Fact]
    public void One_chat_gets_its_next_message_an_interval_after_its_last_answer()
    {
        var limiter = NewLimiter();
        limiter.TryEnter(7, Now, out _).ShouldNotBeNull();
        limiter.TryEnter(7, Now + Second, out var retryAt).ShouldBeNull("one message at a time per chat");
        retryAt.ShouldBeNull();
        limiter.TryEnter(8, Now + Second / 10, out _).ShouldNotBeNull("another chat is not held up by chat 7");

        limiter.Exit(7, Now + TimeSpan.FromMilliseconds(300));
        limiter.ChatReadyAt(7).ShouldBe(Now + TimeSpan.FromMilliseconds(1300));
        limiter.TryEnter(7, Now + TimeSpan.FromMilliseconds(1200), out retryAt).ShouldBeNull();
        retryAt.ShouldBe(Now + TimeSpan.FromMilliseconds(1300));
    }

    [Fact]
    public void A_429_holds_every_chat_until_its_retry_after_has_passed()
    {
        var limiter = NewLimiter();
        limiter.Pause(7, Now + TimeSpan.FromSeconds(5));

        limiter.ChatReadyAt(7).ShouldBe(Now + TimeSpan.FromSeconds(5));
        limiter.ChatReadyAt(8).ShouldBe(Now + TimeSpan.FromSeconds(5));
        limiter.TryEnter(8, Now, out var retryAt).ShouldBeNull();
        retryAt.ShouldBe(Now + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void However_the_network_bunches_arrivals_no_second_holds_more_than_the_limit_and_no_chat_hears_twice_within_its_interval()
    {
        // 100 chats, 4 messages each, each request arriving at a random moment between its start and its answer
        // (latency 5–400 ms): Telegram's own view of the sends, which the limiter never sees.
        var random = new Random(20261202);
        var limiter = NewLimiter();
        var waiting = Enumerable.Range(1, 100).ToDictionary(chat => (long)chat, _ => 4);
        var inFlight = new List<(long Chat, DateTimeOffset End)>();
        var arrivals = new List<(long Chat, DateTimeOffset At)>();
        for (var now = Now; waiting.Count > 0 || inFlight.Count > 0; now += TimeSpan.FromMilliseconds(1))
        {
            foreach (var done in inFlight.Where(f => f.End <= now).ToList())
            {
                limiter.Exit(done.Chat, now);
                inFlight.Remove(done);
            }

            foreach (var chat in waiting.Keys.ToList())
            {
                if (limiter.TryEnter(chat, now, out _) is null)
                {
                    continue;
                }

                var latency = TimeSpan.FromMilliseconds(random.Next(5, 400));
                arrivals.Add((chat, now + latency * random.NextDouble()));
                inFlight.Add((chat, now + latency));
                waiting[chat]--;
                if (waiting[chat] == 0)
                {
                    waiting.Remove(chat);
                }
            }
        }

        arrivals.Count.ShouldBe(400);
        var times = arrivals.Select(a => a.At).Order().ToList();
        var busiest = times.Select((start, i) => times.Skip(i).TakeWhile(t => t - start < Second).Count()).Max();
        busiest.ShouldBeLessThanOrEqualTo(30);
        busiest.ShouldBeGreaterThanOrEqualTo(20, "the limiter must not be so careful that it wastes most of the rate");
        arrivals.GroupBy(a => a.Chat).SelectMany(g => Gaps(g.Select(a => a.At).Order().ToList())).ShouldAllBe(gap => gap >= Second);
    }

    [Fact]
    public async Task A_waiting_send_goes_as_soon_as_the_send_holding_its_chat_is_answered()
    {
        var limiter = new SendRateLimiter(messagesPerSecond: 1000, chatInterval: TimeSpan.Zero, TimeProvider.System);
        var first = await limiter.EnterAsync(7, CancellationToken.None);
        var second = limiter.EnterAsync(7, CancellationToken.None);
        await Task.Delay(50);
        second.IsCompleted.ShouldBeFalse("the chat's first message is still in flight");

        first.Dispose();
        using var permit = await second.WaitAsync(TimeSpan.FromSeconds(10));
        permit.ChatId.ShouldBe(7);
    }

    private static IEnumerable<TimeSpan> Gaps(List<DateTimeOffset> times) => times.Zip(times.Skip(1), (a, b) => b - a);

    private static SendRateLimiter NewLimiter(double messagesPerSecond = 30) =>
        new(messagesPerSecond, chatInterval: Second, TimeProvider.System);
}
