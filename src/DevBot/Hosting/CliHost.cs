namespace DevBot.Hosting;

/// <summary>A host for one-shot commands: the core services, no workers, quiet logs.</summary>
public static class CliHost
{
    public static IHost Build(Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure?.Invoke(builder);
        StartupValidation.CheckValues(builder.Configuration);
        builder.Services.AddDevBotCore(builder.Configuration);
        var host = builder.Build();
        StartupValidation.CheckOptions(host.Services);
        return host;
    }
}
