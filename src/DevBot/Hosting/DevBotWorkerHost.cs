namespace DevBot.Hosting;

/// <summary>A process with workers and no HTTP listener.</summary>
public static class DevBotWorkerHost
{
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var database = builder.Services.AddDevBotCore(builder.Configuration);
        builder.Services.AddDevBotBackground(database);
        return builder.Build();
    }
}
