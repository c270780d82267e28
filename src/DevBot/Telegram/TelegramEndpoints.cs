using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Storage;
using DevBot.Telegram.Conversation;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Updates;
using DevBot.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DevBot.Telegram;

public sealed record LinkCodeCreated(string Code, DateTime ExpiresAt, string Command);

public static class TelegramEndpoints
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Maps the Telegram endpoints; with no TELEGRAM_BOT_TOKEN there are none.</summary>
    public static IEndpointRouteBuilder MapTelegramEndpoints(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value.Enabled)
        {
            return app;
        }

        var telegram = app.MapGroup("/api/v1/telegram").WithTags("Telegram");
        telegram.MapPost("/webhook", ReceiveUpdateAsync).AllowAnonymous()
            .WithSummary("Telegram delivers updates here (webhook mode); requests must carry the secret token header.");
        telegram.MapPost("/link-code", CreateLinkCodeAsync).RequireAuthorization()
            .WithSummary("A one-time code to link a Telegram account to this user: send '/link CODE' to the bot within 15 minutes.");
        telegram.MapGet("/archives/{projectId:guid}", DownloadArchiveAsync).AllowAnonymous()
            .WithSummary("A project's ZIP by a signed, expiring link the bot sent (for archives too large for Telegram).");
        return app;
    }

    private static async Task<Results<Ok, ProblemHttpResult>> ReceiveUpdateAsync(
        HttpContext http, IOptions<TelegramOptions> options, UpdateDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.UsesWebhook)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "The bot runs in long-polling mode; set TELEGRAM_WEBHOOK_URL to use the webhook.");
        }

        if (!SecretMatches(http.Request.Headers[SecretHeader].ToString(), settings.WebhookSecret!))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"The {SecretHeader} header is missing or wrong.");
        }

        Update? update;
        try
        {
            // Telegram.Bot's own options: with any others the update silently reads as Type=Unknown.
            update = await JsonSerializer.DeserializeAsync<Update>(http.Request.Body, JsonBotAPI.Options, cancellationToken);
        }
        catch (JsonException)
        {
            update = null;
        }

        if (update is null || update.Id <= 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid update",
                detail: "The body must be a Telegram Update object with an update_id.");
        }

        // A failure here propagates as a 500: Telegram then delivers the update again, and the dedupe makes that safe.
        await dispatcher.DispatchAsync(update, cancellationToken);
        return TypedResults.Ok();
    }

    private static async Task<Created<LinkCodeCreated>> CreateLinkCodeAsync(HttpContext http, TelegramAccounts accounts, CancellationToken cancellationToken)
    {
        var (code, expiresAt) = await accounts.CreateLinkCodeAsync(http.User.UserId(), cancellationToken);
        return TypedResults.Created((string?)null, new LinkCodeCreated(code, expiresAt, $"/link {code}"));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadArchiveAsync(
        Guid projectId, long? expires, string? signature, ArchiveLinks links, IProjectArchiveReader archives, ProjectQueries projectQueries,
        CancellationToken cancellationToken)
    {
        if (expires is null || !links.IsValid(projectId, expires.Value, signature))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Link not valid",
                detail: "This download link is wrong or has expired. Ask the bot for the ZIP again with /projects.");
        }

        var title = await projectQueries.TitleAsync(projectId, cancellationToken);
        var stream = title is null ? null : await archives.OpenAsync(projectId, cancellationToken);
        if (stream is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "The archive is no longer stored.");
        }

        return TypedResults.Stream(stream, "application/zip", ProjectArchive.FileName(title!));
    }

    private static bool SecretMatches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
