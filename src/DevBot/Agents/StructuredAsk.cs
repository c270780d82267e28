using DevBot.Llm;

namespace DevBot.Agents;

/// <summary>
/// Asks for a JSON answer and retries a malformed one (with the parse error fed back) a bounded number of
/// times. Each try has its own call key, so a resumed build replays every stored try and reaches the same result.
/// </summary>
public sealed class StructuredAsk(LlmGateway gateway)
{
    public const int MaxTries = 3;

    public async Task<T> AskAsync<T>(
        LlmCallContext context,
        IReadOnlyList<LlmMessage> messages,
        LlmJsonSchema schema,
        Func<T, string?> problemOf,
        CancellationToken cancellationToken)
        where T : class
    {
        var conversation = messages.ToList();
        string lastProblem = "no answer";
        for (var attempt = 1; attempt <= MaxTries; attempt++)
        {
            var answer = await gateway.AskAsync(context with { CallKey = $"{context.CallKey}#{attempt}" }, conversation, schema, cancellationToken);
            if (JsonAnswer.TryParse<T>(answer.Text, out var value, out var error))
            {
                var problem = problemOf(value);
                if (problem is null)
                {
                    return value;
                }

                error = problem;
            }

            lastProblem = error;
            conversation.Add(new LlmMessage(LlmMessageRole.Assistant, Truncate(answer.Text, 4000)));
            conversation.Add(new LlmMessage(LlmMessageRole.User,
                $"That answer could not be used: {error} Answer again with only the JSON object matching the schema '{schema.Name}'."));
        }

        throw new LlmMalformedAnswerException(
            $"The {context.Role.ToString().ToLowerInvariant()} model did not give a usable '{schema.Name}' answer after {MaxTries} tries ({lastProblem}).");
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "\n…";
}
