using System.ComponentModel.DataAnnotations;

namespace DevBot.Pipeline;

internal sealed class PipelineOptions
{
    /// <summary>Implement → review rounds per task before the task (and the build) fails with the reviewer's feedback.</summary>
    [ConfigurationKeyName("MAX_REVIEW_ATTEMPTS")]
    [Range(1, 20)]
    public int MaxReviewAttempts { get; set; } = 3;

    /// <summary>The same rejection or the same edit this many times in a row stops the task: more tries would only cost.</summary>
    [ConfigurationKeyName("LOOP_STOP_REPEATS")]
    [Range(2, 20)]
    public int LoopStopRepeats { get; set; } = 3;

    /// <summary>Rounds of "tests failed → the implementer fixes from the real output → test again" after the last task.</summary>
    [ConfigurationKeyName("MAX_FIX_ROUNDS")]
    [Range(0, 20)]
    public int MaxFixRounds { get; set; } = 3;

    /// <summary>Tokens of existing code an agent's prompt may carry for one task.</summary>
    [ConfigurationKeyName("CONTEXT_TOKEN_BUDGET")]
    [Range(0, 1_000_000)]
    public int ContextTokenBudget { get; set; } = 6000;
}
