using DevBot.Storage.Local;
using DevBot.Storage.S3;
using Microsoft.Extensions.Options;

namespace DevBot.Storage;

internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(string.Empty).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<LocalObjectStore>();
        services.AddSingleton<S3ObjectStore>();
        services.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.ResolvedProvider == StorageProvider.S3
            ? sp.GetRequiredService<S3ObjectStore>()
            : sp.GetRequiredService<LocalObjectStore>());
        services.AddSingleton<ArchiveDownloads>();
        return services;
    }
}
