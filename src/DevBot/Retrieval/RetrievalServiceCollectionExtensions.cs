using DevBot.Retrieval.Embeddings;
using DevBot.Retrieval.Indexing;
using DevBot.Retrieval.Search;

namespace DevBot.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetrievalOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().Bind(configuration).ValidateDataAnnotations()
            .Validate(o => o.IsValid(out _), "Set both EMBEDDING_BASE_URL (an absolute http(s) URL) and EMBEDDING_MODEL, or neither.")
            .ValidateOnStart();
        services.AddSingleton<EmbeddingClient>();
        services.AddSingleton<EmbeddingStore>();
        services.AddSingleton<ProjectIndexCache>();
        services.AddScoped<EmbeddingIndexer>();
        services.AddScoped<CodeIndexer>();
        services.AddScoped<CodeSearch>();
        services.AddScoped<ContextAssembler>();
        return services;
    }
}
