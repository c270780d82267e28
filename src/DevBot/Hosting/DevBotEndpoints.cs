using DevBot.Billing;
using DevBot.Health;
using DevBot.Observability;
using DevBot.Projects;
using DevBot.Telegram;

namespace DevBot.Hosting;

public static class DevBotEndpoints
{
    public static WebApplication MapDevBotApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoints();
        app.MapProjectEndpoints();
        app.MapTelegramEndpoints();
        app.MapBillingEndpoints();
        return app;
    }
}
