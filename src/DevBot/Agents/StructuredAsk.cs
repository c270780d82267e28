using DevBot.Llm;
using DevBot.Shared;

namespace DevBot.Agents;

/// <summary>
/// Asks for a JSON answer and retries a malformed one (with the parse error fed back) a bounded number of
/// times. Each try has its own call key, so a resumed build replays every stored try and reaches the same result.
/// </summary>
internal static class StructuredAsk
{
    public const int MaxTries = 3;

    public static async Task<AgentResult<T>> AskAsync<T>(
        IModelCaller calls,
        ModelRequest request,
        Func<T, string?> problemOf,
        CancellationToken cancellationToken)
        where T : class
    {
        var schema = request.Schema ?? throw new ArgumentException("A structured ask needs a schema.", nameof(request));
        var conversation = request.Messages.ToList();
        var lastProblem = "no answer";
        for (var attempt = 1; attempt <= MaxTries; attempt++)
        {
            var reply = await calls.AskAsync(request with { Key = request.Key.WithTry(attempt), Messages = conversation.ToList() }, cancellationToken);
            if (reply is ModelReply.Stopped stopped)
            {
                return new AgentResult<T>.Stopped(stopped.Stop);
            }

            var text = ((ModelReply.Answered)reply).Text;
            if (JsonAnswer.TryParse<T>(text, out var value, out var error))
            {
                var problem = problemOf(value);
                if (problem is null)
                {
                    return new AgentResult<T>.Done(value);
                }

                error = problem;
            }

            lastProblem = error;
            conversation.Add(new LlmMessage(LlmMessageRole.Assistant, Truncate(text, 4000)));
            conversation.Add(new LlmMessage(LlmMessageRole.User,
                $"That answer could not be used: {error} Answer again with only the JSON object matching the schema '{schema.Name}'."));
        }

        throw new LlmMalformedAnswerException(
            $"The {request.Role.Model.ToString().ToLowerInvariant()} model did not give a usable '{schema.Name}' answer after {MaxTries} tries ({lastProblem}).");
    }

    private static string Truncate(string text, int max) => Utf8Text.Clip(text, max + 2, "\n…");
}
