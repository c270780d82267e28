namespace DevBot.Telegram.BotApi;

// The subset of the Bot API's types (https://core.telegram.org/bots/api#available-types) the bot reads.
// Unknown fields are ignored, so newer Bot API versions keep working.

public sealed record Update
{
    public long UpdateId { get; init; }
    public Message? Message { get; init; }
    public Message? EditedMessage { get; init; }
    public CallbackQuery? CallbackQuery { get; init; }
}

public sealed record Message
{
    public long MessageId { get; init; }
    public TelegramUser? From { get; init; }
    public required Chat Chat { get; init; }

    /// <summary>Unix time in seconds.</summary>
    public long Date { get; init; }

    public string? Text { get; init; }
    public string? Caption { get; init; }
    public Document? Document { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

public sealed record TelegramUser
{
    public long Id { get; init; }
    public bool IsBot { get; init; }
    public string FirstName { get; init; } = string.Empty;
    public string? LastName { get; init; }
    public string? Username { get; init; }
    public string? LanguageCode { get; init; }
}

public sealed record Chat
{
    public long Id { get; init; }

    /// <summary>"private", "group", "supergroup" or "channel".</summary>
    public string Type { get; init; } = "private";

    public string? Title { get; init; }
    public string? Username { get; init; }
    public string? FirstName { get; init; }
}

public sealed record CallbackQuery
{
    public required string Id { get; init; }
    public required TelegramUser From { get; init; }
    public Message? Message { get; init; }
    public string? Data { get; init; }
}

public sealed record Document
{
    public required string FileId { get; init; }
    public string? FileUniqueId { get; init; }
    public string? FileName { get; init; }
    public string? MimeType { get; init; }
    public long? FileSize { get; init; }
}

public sealed record InlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard);

public sealed record InlineKeyboardButton(string Text)
{
    public string? CallbackData { get; init; }
    public string? Url { get; init; }

    public static InlineKeyboardButton Callback(string text, string data) => new(text) { CallbackData = data };
}

public sealed record BotCommand(string Command, string Description);

public sealed record LinkPreviewOptions(bool IsDisabled);

public static class ParseModes
{
    public const string Html = "HTML";
}

public static class ChatActions
{
    public const string Typing = "typing";
    public const string UploadDocument = "upload_document";
}
