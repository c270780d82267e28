using DevBot.Billing;
using DevBot.Health;
using DevBot.Observability;
using DevBot.Projects;

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
        app.MapBillingEndpoints();
        return app;
    }
}
