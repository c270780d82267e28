using System.ComponentModel.DataAnnotations;

namespace DevBot.Llm;

/// <summary>The OpenAI-compatible chat-completions endpoint and the models each role uses.</summary>
public sealed class LlmOptions
{
    public const string DefaultBaseUrl = "http://localhost:11434/v1";
    public const string DefaultModel = "qwen2.5-coder:7b";

    [ConfigurationKeyName("LLM_BASE_URL")]
    public string? BaseUrl { get; set; }

    [ConfigurationKeyName("LLM_API_KEY")]
    public string? ApiKey { get; set; }

    [ConfigurationKeyName("OPENROUTER_API_KEY")]
    public string? OpenRouterApiKey { get; set; }

    [ConfigurationKeyName("OPENAI_API_KEY")]
    public string? OpenAiApiKey { get; set; }

    [ConfigurationKeyName("GOOGLE_API_KEY")]
    public string? GoogleApiKey { get; set; }

    [ConfigurationKeyName("LLM_MODEL")]
    public string? Model { get; set; }

    [ConfigurationKeyName("LLM_MODEL_ARCHITECT")]
    public string? ArchitectModel { get; set; }

    [ConfigurationKeyName("LLM_MODEL_IMPLEMENTER")]
    public string? ImplementerModel { get; set; }

    [ConfigurationKeyName("LLM_MODEL_REVIEWER")]
    public string? ReviewerModel { get; set; }

    /// <summary>Seconds one request may take; local models on small machines are slow.</summary>
    [ConfigurationKeyName("LLM_TIMEOUT_SECONDS")]
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 600;

    /// <summary>Retries of one request after a transient failure (429, 5xx, timeout, connection error).</summary>
    [ConfigurationKeyName("LLM_MAX_RETRIES")]
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The longest wait between retries, even if the server's Retry-After asks for more.</summary>
    [ConfigurationKeyName("LLM_MAX_RETRY_DELAY_SECONDS")]
    [Range(0, 600)]
    public double MaxRetryDelaySeconds { get; set; } = 60;

    [ConfigurationKeyName("LLM_MAX_OUTPUT_TOKENS")]
    [Range(256, 200_000)]
    public int MaxOutputTokens { get; set; } = 8192;

    public LlmEndpoint ResolveEndpoint()
    {
        if (!string.IsNullOrWhiteSpace(BaseUrl))
        {
            return new(new Uri(BaseUrl.TrimEnd('/') + "/"), FirstNonEmpty(ApiKey, OpenRouterApiKey, OpenAiApiKey, GoogleApiKey), "LLM_BASE_URL");
        }

        if (!string.IsNullOrWhiteSpace(ApiKey))
        {
            return new(new Uri(DefaultBaseUrl + "/"), ApiKey, "LLM_BASE_URL (default)");
        }

        if (!string.IsNullOrWhiteSpace(OpenRouterApiKey))
        {
            return new(new Uri("https://openrouter.ai/api/v1/"), OpenRouterApiKey, "OPENROUTER_API_KEY");
        }

        if (!string.IsNullOrWhiteSpace(OpenAiApiKey))
        {
            return new(new Uri("https://api.openai.com/v1/"), OpenAiApiKey, "OPENAI_API_KEY");
        }

        if (!string.IsNullOrWhiteSpace(GoogleApiKey))
        {
            return new(new Uri("https://generativelanguage.googleapis.com/v1beta/openai/"), GoogleApiKey, "GOOGLE_API_KEY");
        }

        return new(new Uri(DefaultBaseUrl + "/"), null, "LLM_BASE_URL (default)");
    }

    public string ModelFor(LlmRole role)
    {
        var specific = role switch
        {
            LlmRole.Architect => ArchitectModel,
            LlmRole.Implementer => ImplementerModel,
            LlmRole.Reviewer => ReviewerModel,
            _ => null,
        };
        return FirstNonEmpty(specific, Model) ?? DefaultModel;
    }

    /// <summary>Each role's model and the variable that chose it (for messages that say what to change).</summary>
    public IReadOnlyList<RoleModel> RoleModels() => Enum.GetValues<LlmRole>().Select(role =>
    {
        var (specific, variable) = role switch
        {
            LlmRole.Architect => (ArchitectModel, "LLM_MODEL_ARCHITECT"),
            LlmRole.Implementer => (ImplementerModel, "LLM_MODEL_IMPLEMENTER"),
            _ => (ReviewerModel, "LLM_MODEL_REVIEWER"),
        };
        var chosenBy = !string.IsNullOrWhiteSpace(specific) ? variable : !string.IsNullOrWhiteSpace(Model) ? "LLM_MODEL" : "LLM_MODEL (default)";
        return new RoleModel(role, ModelFor(role), chosenBy);
    }).ToList();

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

public sealed record LlmEndpoint(Uri BaseUrl, string? ApiKey, string ConfiguredBy);

/// <summary>The model a role uses and the variable that chose it.</summary>
public sealed record RoleModel(LlmRole Role, string Model, string Variable);

public enum LlmRole
{
    Architect,
    Implementer,
    Reviewer,
}
