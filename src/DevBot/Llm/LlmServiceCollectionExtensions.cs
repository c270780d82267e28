using DevBot.Shared;

namespace DevBot.Llm;

public static class LlmServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotLlm(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(string.Empty).ValidateByVariableName()
            .Validate(o => string.IsNullOrWhiteSpace(o.BaseUrl) || IsHttpUrl(o.BaseUrl), "LLM_BASE_URL must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddSingleton<ILlmClient, OpenAiLlmClient>();
        services.AddScoped<LlmGateway>();
        services.AddScoped<LlmUsage>();
        return services;
    }

    // "localhost:11434/v1" and "/v1" parse as absolute URIs (scheme "localhost", a file path) but are not endpoints.
    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
