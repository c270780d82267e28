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
        var database = builder.Services.AddDevBotCore(builder.Configuration);
        builder.Services.AddDevBotApi();
        builder.Services.AddDevBotTelegram(builder.Configuration);
        if (runWorkers)
        {
            builder.Services.AddDevBotBackground(database);
        }

        var app = builder.Build();
        app.MapDevBotApi();
        return app;
    }
}
