namespace DevBot.Telegram.BotApi;

// Request bodies of the methods the bot calls, named as the Bot API documents them.

public sealed record GetUpdatesRequest(long? Offset, int Timeout, IReadOnlyList<string> AllowedUpdates)
{
    public int Limit { get; init; } = 100;
}

public sealed record SetWebhookRequest(string Url, string SecretToken, IReadOnlyList<string> AllowedUpdates)
{
    /// <summary>Always false: updates that arrived while the bot was down must still be handled.</summary>
    public bool DropPendingUpdates { get; init; }

    public int? MaxConnections { get; init; }
}

public sealed record DeleteWebhookRequest(bool DropPendingUpdates);

public sealed record SetMyCommandsRequest(IReadOnlyList<BotCommand> Commands);

public sealed record SendMessageRequest(long ChatId, string Text)
{
    public string? ParseMode { get; init; } = ParseModes.Html;
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
    public LinkPreviewOptions? LinkPreviewOptions { get; init; } = new(IsDisabled: true);
}

public sealed record EditMessageTextRequest(long ChatId, long MessageId, string Text)
{
    public string? ParseMode { get; init; } = ParseModes.Html;
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
    public LinkPreviewOptions? LinkPreviewOptions { get; init; } = new(IsDisabled: true);
}

/// <summary>sendDocument with the file uploaded as multipart/form-data.</summary>
public sealed record SendDocumentRequest(long ChatId, string FileName, ReadOnlyMemory<byte> Content)
{
    public string? Caption { get; init; }
    public string? ParseMode { get; init; } = ParseModes.Html;
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

public sealed record AnswerCallbackQueryRequest(string CallbackQueryId)
{
    public string? Text { get; init; }
    public bool? ShowAlert { get; init; }
}

public sealed record SendChatActionRequest(long ChatId, string Action);

public static class UpdateKinds
{
    public static readonly IReadOnlyList<string> Handled = ["message", "callback_query"];
}
