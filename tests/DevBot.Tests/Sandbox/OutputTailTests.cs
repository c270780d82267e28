using System.Text;
using DevBot.Sandbox;

namespace DevBot.Tests.Sandbox;

public sealed class OutputTailTests
{
    [Fact]
    public void Keeps_everything_below_the_capacity()
    {
        var tail = new OutputTail(64);
        tail.Append("hello\n"u8);
        tail.Append("world\n"u8);

        tail.Snapshot().ShouldBe(("hello\nworld\n", false));
    }

    [Fact]
    public void Keeps_the_last_bytes_and_starts_at_a_character_and_line_boundary()
    {
        var tail = new OutputTail(32);
        for (var i = 0; i < 100; i++)
        {
            tail.Append(Encoding.UTF8.GetBytes($"zeile {i} – ü\n"));
        }

        var (text, truncated) = tail.Snapshot();

        truncated.ShouldBeTrue();
        Encoding.UTF8.GetByteCount(text).ShouldBeLessThanOrEqualTo(32);
        text.ShouldEndWith("zeile 99 – ü\n");
        text.ShouldNotContain('\uFFFD');
        text.ShouldStartWith("zeile ");
    }

    [Fact]
    public void A_single_write_larger_than_the_capacity_keeps_its_end()
    {
        var tail = new OutputTail(8);
        tail.Append("0123456789abcdef"u8);

        tail.Snapshot().ShouldBe(("89abcdef", true));
    }

    [Fact]
    public void A_large_write_after_earlier_output_keeps_the_true_tail_in_order()
    {
        var tail = new OutputTail(8);
        tail.Append("abc"u8);
        tail.Append("0123456789"u8);
        tail.Append("XY"u8);

        tail.Snapshot().ShouldBe(("456789XY", true));
    }
}
