using DevBot.Shared;

namespace DevBot.Telegram.Outbox;

/// <summary>Wakes the sender as soon as messages were committed in this process; other processes' messages are found by polling.</summary>
internal sealed class OutboxSignal : AsyncPulse;
