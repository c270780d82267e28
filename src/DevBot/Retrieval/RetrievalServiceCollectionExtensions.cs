using DevBot.Agents;
using DevBot.Projects;
using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection.Extensions;
using DevBot.Shared;

namespace DevBot.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetrievalOptions>().Bind(configuration).ValidateByVariableName().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().Bind(configuration).ValidateByVariableName()
            .Validate(o => o.IsValid(out _), "Set both EMBEDDING_BASE_URL (an absolute http(s) URL) and EMBEDDING_MODEL, or neither.")
            .ValidateOnStart();
        services.AddSingleton<EmbeddingClient>();
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
