using System.Text;

namespace DevBot.Llm;

/// <summary>
/// The most one call can cost and carry, known before it is made. A call is never charged more tokens than these
/// bounds (whatever the provider reports), an answer is never read past <see cref="MaxAnswerBytes"/>, and the budget
/// admits a call only if its bounds, priced, fit.
/// </summary>
/// <param name="PromptTokens">An upper bound of the prompt's tokens: its UTF-8 bytes (no tokenizer makes a token of less than a byte) plus per-message framing.</param>
/// <param name="CompletionTokens">The completion tokens requested.</param>
/// <param name="MaxAnswerBytes">The most bytes of HTTP response read for the answer before the call is abandoned as a protocol violation.</param>
public sealed record LlmCallBounds(int PromptTokens, int CompletionTokens, long MaxAnswerBytes)
{
    /// <summary>Tokens a chat template adds around each message, and around the whole request, at most.</summary>
    private const int FramingPerMessage = 8;
    private const int FramingPerRequest = 16;

    /// <summary>
    /// JSON-escaped text may take up to 6 bytes a character and a token may hold several characters; 32 bytes a
    /// token is generous for any honest answer and still caps a runaway one. The fixed part covers the response
    /// envelope (ids, usage, a structured-output schema echo).
    /// </summary>
    private const int AnswerBytesPerToken = 32;
    private const int AnswerEnvelopeBytes = 64 * 1024;

    public static LlmCallBounds Of(IReadOnlyList<LlmMessage> messages, int maxOutputTokens, LlmJsonSchema? schema = null)
    {
        long prompt = FramingPerRequest + Encoding.UTF8.GetByteCount(schema?.Schema ?? string.Empty);
        foreach (var message in messages)
        {
            prompt += FramingPerMessage + Encoding.UTF8.GetByteCount(message.Content);
        }

        return new LlmCallBounds(
            (int)Math.Min(prompt, int.MaxValue),
            maxOutputTokens,
            AnswerEnvelopeBytes + ((long)maxOutputTokens * AnswerBytesPerToken));
    }
}
