namespace DevBot.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotStorage(this IServiceCollection services)
    {
        services.AddSingleton<IArchiveStore, LocalArchiveStore>();
        return services;
    }
}
