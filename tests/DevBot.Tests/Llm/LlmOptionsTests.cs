using DevBot.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Llm;

public sealed class LlmOptionsTests
{
    /// <summary>Binds the options the way the app does: from configuration keyed by the environment variable names.</summary>
    private static LlmOptions FromEnvironment(params (string Name, string Value)[] variables)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => KeyValuePair.Create(v.Name, (string?)v.Value)))
            .Build();
        var options = new LlmOptions();
        configuration.Bind(options);
        return options;
    }

    [Fact]
    public void Without_any_setting_the_local_ollama_endpoint_is_used_without_a_key()
    {
        var endpoint = FromEnvironment().ResolveEndpoint();

        endpoint.BaseUrl.ShouldBe(new Uri("http://localhost:11434/v1/"));
        endpoint.ApiKey.ShouldBeNull();
    }

    [Fact]
    public void Llm_base_url_and_llm_api_key_are_used_as_given_with_a_trailing_slash_added()
    {
        var endpoint = FromEnvironment(("LLM_BASE_URL", "http://10.0.0.5:8000/v1"), ("LLM_API_KEY", "sk-local")).ResolveEndpoint();

        endpoint.BaseUrl.ToString().ShouldBe("http://10.0.0.5:8000/v1/");
        endpoint.ApiKey.ShouldBe("sk-local");
        endpoint.ConfiguredBy.ShouldBe("LLM_BASE_URL");
    }

    [Fact]
    public void Llm_base_url_keeps_exactly_one_trailing_slash()
    {
        FromEnvironment(("LLM_BASE_URL", "https://example.test/api/v1/")).ResolveEndpoint().BaseUrl.ToString().ShouldBe("https://example.test/api/v1/");
    }

    [Fact]
    public void Llm_base_url_with_a_provider_key_only_uses_that_key_for_the_given_url()
    {
        var endpoint = FromEnvironment(("LLM_BASE_URL", "https://proxy.test/v1"), ("OPENROUTER_API_KEY", "sk-or")).ResolveEndpoint();

        endpoint.BaseUrl.ToString().ShouldBe("https://proxy.test/v1/");
        endpoint.ApiKey.ShouldBe("sk-or");
    }

    [Fact]
    public void Llm_api_key_wins_over_provider_keys_for_an_explicit_base_url()
    {
        var endpoint = FromEnvironment(("LLM_BASE_URL", "https://proxy.test/v1"), ("OPENAI_API_KEY", "sk-oa"), ("LLM_API_KEY", "sk-llm")).ResolveEndpoint();

        endpoint.ApiKey.ShouldBe("sk-llm");
    }

    [Theory]
    [InlineData("OPENROUTER_API_KEY", "https://openrouter.ai/api/v1/")]
    [InlineData("OPENAI_API_KEY", "https://api.openai.com/v1/")]
    [InlineData("GOOGLE_API_KEY", "https://generativelanguage.googleapis.com/v1beta/openai/")]
    public void A_provider_key_alone_picks_that_providers_endpoint(string variable, string expectedBaseUrl)
    {
        var endpoint = FromEnvironment((variable, "sk-provider")).ResolveEndpoint();

        endpoint.BaseUrl.ToString().ShouldBe(expectedBaseUrl);
        endpoint.ApiKey.ShouldBe("sk-provider");
        endpoint.ConfiguredBy.ShouldBe(variable);
    }

    [Fact]
    public void With_several_provider_keys_openrouter_then_openai_then_google_is_chosen()
    {
        FromEnvironment(("GOOGLE_API_KEY", "g"), ("OPENAI_API_KEY", "o"), ("OPENROUTER_API_KEY", "r")).ResolveEndpoint().ConfiguredBy.ShouldBe("OPENROUTER_API_KEY");
        FromEnvironment(("GOOGLE_API_KEY", "g"), ("OPENAI_API_KEY", "o")).ResolveEndpoint().ConfiguredBy.ShouldBe("OPENAI_API_KEY");
    }

    [Fact]
    public void Blank_settings_count_as_unset()
    {
        var endpoint = FromEnvironment(("LLM_BASE_URL", "  "), ("LLM_API_KEY", ""), ("OPENAI_API_KEY", " "), ("GOOGLE_API_KEY", "g")).ResolveEndpoint();

        endpoint.ConfiguredBy.ShouldBe("GOOGLE_API_KEY");
        endpoint.ApiKey.ShouldBe("g");
    }

    [Fact]
    public void Llm_api_key_alone_is_sent_to_the_default_endpoint()
    {
        var endpoint = FromEnvironment(("LLM_API_KEY", "sk-local")).ResolveEndpoint();

        endpoint.BaseUrl.ShouldBe(new Uri("http://localhost:11434/v1/"));
        endpoint.ApiKey.ShouldBe("sk-local");
    }

    [Fact]
    public void Every_role_uses_the_default_model_when_nothing_is_set()
    {
        var options = FromEnvironment();

        Enum.GetValues<LlmRole>().Select(options.ModelFor).ShouldAllBe(m => m == LlmOptions.DefaultModel);
    }

    [Fact]
    public void Every_role_uses_llm_model_unless_overridden()
    {
        var options = FromEnvironment(("LLM_MODEL", "gpt-4o-mini"));

        Enum.GetValues<LlmRole>().Select(options.ModelFor).ShouldAllBe(m => m == "gpt-4o-mini");
    }

    [Fact]
    public void Per_role_models_override_llm_model_for_their_role_only()
    {
        var options = FromEnvironment(("LLM_MODEL", "base"), ("LLM_MODEL_ARCHITECT", "arch"), ("LLM_MODEL_REVIEWER", " "));

        options.ModelFor(LlmRole.Architect).ShouldBe("arch");
        options.ModelFor(LlmRole.Implementer).ShouldBe("base");
        options.ModelFor(LlmRole.Reviewer).ShouldBe("base", "a blank override falls back");
    }

    [Fact]
    public void Per_role_models_fall_back_to_the_default_without_llm_model()
    {
        var options = FromEnvironment(("LLM_MODEL_IMPLEMENTER", "coder"), ("LLM_MODEL_REVIEWER", "judge"));

        options.ModelFor(LlmRole.Architect).ShouldBe(LlmOptions.DefaultModel);
        options.ModelFor(LlmRole.Implementer).ShouldBe("coder");
        options.ModelFor(LlmRole.Reviewer).ShouldBe("judge");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/v1")]
    [InlineData("localhost:11434/v1")]
    [InlineData("ftp://models.test/v1")]
    public void A_relative_or_garbled_llm_base_url_fails_validation_naming_the_variable(string baseUrl)
    {
        using var services = ServicesWith(("LLM_BASE_URL", baseUrl));

        var failure = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<LlmOptions>>().Value);

        failure.Message.ShouldContain("LLM_BASE_URL");
    }

    [Fact]
    public void Out_of_range_numbers_fail_validation()
    {
        using var services = ServicesWith(("LLM_MAX_RETRIES", "99"));

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<LlmOptions>>().Value);
    }

    [Fact]
    public void Valid_settings_bind_through_the_registered_options()
    {
        using var services = ServicesWith(("LLM_BASE_URL", "http://127.0.0.1:1/v1"), ("LLM_TIMEOUT_SECONDS", "30"), ("LLM_MAX_OUTPUT_TOKENS", "1024"));

        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;

        options.TimeoutSeconds.ShouldBe(30);
        options.MaxOutputTokens.ShouldBe(1024);
    }

    private static ServiceProvider ServicesWith(params (string Name, string Value)[] variables)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => KeyValuePair.Create(v.Name, (string?)v.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddDevBotLlm();
        return services.BuildServiceProvider();
    }
}
