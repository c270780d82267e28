using System.ComponentModel;
using System.Text.Json.Serialization;
using DevBot.Projects;

namespace DevBot.Agents;

/// <summary>The reviewer's structured answer on one implementation attempt (the <c>review</c> schema).</summary>
public sealed record ReviewAnswer(
    [property: JsonConverter(typeof(ModelVerdictJsonConverter))]
    [property: Description("APPROVED when the task is done correctly and completely enough to build on, else REJECTED")]
    StepVerdict? Verdict,
    [property: Description("Why; for a rejection, concrete changes to make")]
    string Feedback)
{
    public const string SchemaName = "review";

    public bool IsApproved => Verdict == StepVerdict.Approved;

    /// <summary>Null when the answer is usable, else what is wrong with it (fed back to the reviewer).</summary>
    public string? Problem() => Verdict is null ? $"verdict must be {string.Join(" or ", ModelVerdictJsonConverter.Words)}." : null;
}
