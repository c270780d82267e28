using DevBot.Observability;
using DevBot.Telegram;

namespace DevBot.Tests.Observability;

public sealed class MetricLabelTests
{
    [Fact]
    public void Enum_values_become_snake_case_label_values()
    {
        MetricLabel.ValueOf(BotApiOutcome.TooManyRequests).ShouldBe("too_many_requests");
        MetricLabel.ValueOf(BuildOutcome.Cancelled).ShouldBe("cancelled");
        MetricLabel.ValueOf(DevBot.Sandbox.SandboxRunKind.StaticCheck).ShouldBe("static_check");
    }
}
