using DevBot.Audit;
using DevBot.Billing;
using DevBot.Health;
using DevBot.Observability;
using DevBot.Projects;
using DevBot.Telegram;
using DevBot.Users;

namespace DevBot.Hosting;

public static class DevBotEndpoints
{
    public static WebApplication MapDevBotApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoints();
        app.MapProjectEndpoints();
        app.MapTelegramEndpoints();
        app.MapBillingEndpoints();
        app.MapApiKeyEndpoints();
        app.MapAuditEndpoints();
        return app;
    }
}
