using DevBot.Agents;
using DevBot.Projects;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Embeddings.Local;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection.Extensions;
using DevBot.Shared;
using Microsoft.Extensions.Options;

namespace DevBot.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetrievalOptions>().Bind(configuration).ValidateByVariableName().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().Bind(configuration).ValidateByVariableName().ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>();
        services.AddSingleton<OpenAiEmbeddingProvider>();
        services.AddSingleton<LocalEmbeddingProvider>();
        services.AddSingleton(sp =>
        {
            // Only the chosen provider is ever created: the local one allocates nothing until its first call anyway.
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            IEmbeddingProvider? provider = options.ProviderKind switch
            {
                EmbeddingProviderKind.OpenAi => sp.GetRequiredService<OpenAiEmbeddingProvider>(),
                EmbeddingProviderKind.Local => sp.GetRequiredService<LocalEmbeddingProvider>(),
                _ => null,
            };
            return new EmbeddingClient(provider, options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EmbeddingClient>>());
        });
        services.AddSingleton<EmbeddingStore>();
        services.AddSingleton<ProjectIndexCache>();
        services.AddScoped<EmbeddingIndexer>();
        services.AddScoped<CodeIndexer>();
        services.AddScoped<CodeSearch>();
        services.AddScoped<ContextAssembler>();

        // Replaces the pipeline's default (named files + listing), whichever was registered first.
        services.RemoveAll<ICodeContextProvider>();
        services.AddScoped<ICodeContextProvider, RetrievalContextProvider>();
        services.AddScoped<IProjectFilesObserver, RetrievalFilesObserver>();
        return services;
    }
}
