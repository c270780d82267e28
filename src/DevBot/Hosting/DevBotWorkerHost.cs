namespace DevBot.Hosting;

/// <summary>A process with workers and no HTTP listener.</summary>
public static class DevBotWorkerHost
{
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        StartupValidation.CheckValues(builder.Configuration);
        var database = builder.Services.AddDevBotCore(builder.Configuration);
        builder.Services.AddDevBotBackground(database);
        var host = builder.Build();
        StartupValidation.CheckOptions(host.Services);
        return host;
    }
}
