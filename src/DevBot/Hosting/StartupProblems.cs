using DevBot.Shared;
using Microsoft.Extensions.Options;

namespace DevBot.Hosting;

/// <summary>
/// What the operator reads when DevBot cannot start or run a command because of its settings or surroundings: the
/// sentences of <see cref="StartupException"/>s and of options validation (which name the variables). Null for any
/// other exception: that is a bug, and its stack trace is worth seeing.
/// </summary>
public static class StartupProblems
{
    public static string? Describe(Exception exception) => exception switch
    {
        StartupException startup => startup.Message,
        OptionsValidationException options => string.Join(Environment.NewLine, options.Failures),
        AggregateException aggregate when aggregate.InnerExceptions.Select(Describe).ToList() is var inner && inner.All(s => s is not null) =>
            string.Join(Environment.NewLine, inner),
        _ => null,
    };
}
