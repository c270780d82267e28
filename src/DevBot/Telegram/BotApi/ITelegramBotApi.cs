namespace DevBot.Telegram.BotApi;

/// <summary>The Bot API methods DevBot uses. Every failure is a <see cref="TelegramApiException"/>.</summary>
public interface ITelegramBotApi
{
    Task<TelegramUser> GetMeAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Update>> GetUpdatesAsync(GetUpdatesRequest request, CancellationToken cancellationToken);

    Task SetWebhookAsync(SetWebhookRequest request, CancellationToken cancellationToken);

    Task DeleteWebhookAsync(DeleteWebhookRequest request, CancellationToken cancellationToken);

    Task SetMyCommandsAsync(SetMyCommandsRequest request, CancellationToken cancellationToken);

    Task<Message> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken);

    Task<Message> EditMessageTextAsync(EditMessageTextRequest request, CancellationToken cancellationToken);

    Task<Message> SendDocumentAsync(SendDocumentRequest request, CancellationToken cancellationToken);

    Task AnswerCallbackQueryAsync(AnswerCallbackQueryRequest request, CancellationToken cancellationToken);

    Task SendChatActionAsync(SendChatActionRequest request, CancellationToken cancellationToken);
}
