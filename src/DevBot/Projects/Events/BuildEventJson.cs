using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DevBot.Projects.Events;

/// <summary>
/// The one JSON shape of build events: camelCase, enums as snake_case words, the kind in <c>type</c>. The kind names
/// come from the <see cref="JsonDerivedTypeAttribute"/> list on <see cref="BuildEvent"/>, so there is one list.
/// </summary>
internal static class BuildEventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    private static readonly FrozenDictionary<Type, string> KindsByType = typeof(BuildEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToFrozenDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    private static readonly FrozenDictionary<string, Type> TypesByKind =
        KindsByType.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every kind, for documentation and tests.</summary>
    public static IReadOnlyCollection<string> Kinds => TypesByKind.Keys;

    public static string KindOf(BuildEvent buildEvent) => KindsByType[buildEvent.GetType()];

    public static string KindOf<TEvent>()
        where TEvent : BuildEvent => KindsByType[typeof(TEvent)];

    /// <summary>The stored form: the record with its <c>type</c>.</summary>
    public static string Serialize(BuildEvent buildEvent) => JsonSerializer.Serialize(buildEvent, Options);

    /// <summary>
    /// Reads a stored event by its kind column (rows from before the <c>type</c> property was written lack it).
    /// Null for a kind this version does not know (written by a newer DevBot during a rolling upgrade).
    /// </summary>
    public static BuildEvent? Deserialize(string kind, string json) =>
        TypesByKind.TryGetValue(kind, out var type) ? (BuildEvent?)JsonSerializer.Deserialize(json, type, Options) : null;
}
