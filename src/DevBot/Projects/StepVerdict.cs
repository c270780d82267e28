using System.Text.Json.Serialization;
using DevBot.Shared;

namespace DevBot.Projects;

/// <summary>The reviewer's decision on one implementation attempt of a task.</summary>
[JsonConverter(typeof(SnakeCaseEnumJsonConverter<StepVerdict>))]
public enum StepVerdict
{
    Approved,
    Rejected,
}
