using DevBot.Retrieval;
using DevBot.Retrieval.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Retrieval.Embeddings;

/// <summary>EMBEDDING_PROVIDER and the variables it goes with, bound and validated as the application does on start.</summary>
public sealed class EmbeddingOptionsTests
{
    [Fact]
    public void Without_any_embedding_variable_embeddings_are_off()
    {
        var client = Client();

        client.IsConfigured.ShouldBeFalse();
        client.Model.ShouldBeNull();
    }

    [Fact]
    public void Without_EMBEDDING_PROVIDER_a_base_url_and_model_mean_the_openai_endpoint_as_before()
    {
        var client = Client(("EMBEDDING_BASE_URL", "http://127.0.0.1:11434/v1"), ("EMBEDDING_MODEL", "nomic-embed-text"));

        client.IsConfigured.ShouldBeTrue();
        client.Model.ShouldBe("nomic-embed-text");
    }

    [Theory]
    [InlineData("local")]
    [InlineData(" Local ")]
    public void EMBEDDING_PROVIDER_local_uses_the_local_model_under_its_own_cache_name(string value)
    {
        Client(("EMBEDDING_PROVIDER", value)).Model.ShouldBe("local/all-MiniLM-L6-v2");
        Client(("EMBEDDING_PROVIDER", value), ("EMBEDDING_MODEL", "sentence-transformers/all-MiniLM-L6-v2")).Model.ShouldBe("local/all-MiniLM-L6-v2");
    }

    [Fact]
    public void EMBEDDING_PROVIDER_none_switches_embeddings_off_even_with_an_endpoint_configured()
    {
        Client(("EMBEDDING_PROVIDER", "none"), ("EMBEDDING_BASE_URL", "http://127.0.0.1:11434/v1"), ("EMBEDDING_MODEL", "nomic-embed-text"))
            .IsConfigured.ShouldBeFalse();
    }

    [Theory]
    [InlineData("EMBEDDING_PROVIDER", new[] { "EMBEDDING_PROVIDER", "onnx" })]
    [InlineData("EMBEDDING_BASE_URL", new[] { "EMBEDDING_PROVIDER", "openai", "EMBEDDING_MODEL", "nomic-embed-text" })]
    [InlineData("EMBEDDING_MODEL", new[] { "EMBEDDING_PROVIDER", "openai", "EMBEDDING_BASE_URL", "http://127.0.0.1:11434/v1" })]
    [InlineData("EMBEDDING_MODEL", new[] { "EMBEDDING_BASE_URL", "http://127.0.0.1:11434/v1" })]
    [InlineData("EMBEDDING_BASE_URL", new[] { "EMBEDDING_BASE_URL", "ftp://example.test", "EMBEDDING_MODEL", "m" })]
    [InlineData("EMBEDDING_BASE_URL", new[] { "EMBEDDING_PROVIDER", "local", "EMBEDDING_BASE_URL", "http://127.0.0.1:11434/v1" })]
    [InlineData("EMBEDDING_MODEL", new[] { "EMBEDDING_PROVIDER", "local", "EMBEDDING_MODEL", "nomic-embed-text" })]
    [InlineData("EMBEDDING_LOCAL_THREADS", new[] { "EMBEDDING_PROVIDER", "local", "EMBEDDING_LOCAL_THREADS", "0" })]
    [InlineData("EMBEDDING_BATCH_SIZE", new[] { "EMBEDDING_BATCH_SIZE", "0" })]
    public void Invalid_settings_stop_the_start_with_a_message_naming_the_variable(string variable, string[] settings)
    {
        var pairs = settings.Chunk(2).Select(p => (p[0], p[1])).ToArray();

        var error = Should.Throw<OptionsValidationException>(() => Client(pairs));

        error.Message.ShouldContain(variable);
    }

    /// <summary>The embedding client as the application builds it from these environment variables (validation included).</summary>
    private static EmbeddingClient Client(params (string Name, string Value)[] variables)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => KeyValuePair.Create(v.Name, (string?)v.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddDevBotRetrieval(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<EmbeddingClient>();
    }
}
