using DevBot.Data;
using DevBot.Telegram;

namespace DevBot.Hosting;

/// <summary>Builds the HTTP host (API + optional in-process workers) that <c>serve</c> runs and the tests start.</summary>
public static class DevBotWebApp
{
    public static WebApplication Build(string[] args, bool runWorkers = true, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        StartupValidation.CheckValues(builder.Configuration);

        // A port already in use fails the host's start; the generic host would log that with a stack trace at Error
        // before DevBot's one sentence (see WebStartup). Its other failures (a background service stopping the host)
        // are Critical and still shown.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        var database = builder.Services.AddDevBotCore(builder.Configuration);
        builder.Services.AddDevBotApi();
        builder.Services.AddDevBotTelegram(builder.Configuration);
        if (runWorkers)
        {
            builder.Services.AddDevBotBackground(database);
        }

        var app = builder.Build();
        StartupValidation.CheckOptions(app.Services);
        app.MapDevBotApi();
        return app;
    }
}
