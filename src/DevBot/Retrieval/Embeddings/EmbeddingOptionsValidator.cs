using Microsoft.Extensions.Options;

namespace DevBot.Retrieval.Embeddings;

/// <summary>Start-up check of the embedding variables; the message names the variable to change.</summary>
internal sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options) =>
        options.IsValid(out var error) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error);
}
