namespace DevBot.Llm;

public static class LlmServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotLlm(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(string.Empty).ValidateDataAnnotations()
            .Validate(o => o.BaseUrl is null || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), "LLM_BASE_URL must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddSingleton<ILlmClient, OpenAiLlmClient>();
        services.AddScoped<LlmGateway>();
        return services;
    }
}
