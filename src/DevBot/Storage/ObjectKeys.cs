using System.Text.RegularExpressions;

namespace DevBot.Storage;

/// <summary>
/// The shape of object keys: relative paths of plain segments (letters, digits, '.', '_', '-'), so the same key
/// is a safe file path on the local disk and a plain S3 key. Everything about a project lives under
/// <c>projects/{id:N}/</c>, so more kinds of objects per project (e.g. one archive per version) slot in beside it.
/// </summary>
public static partial class ObjectKeys
{
    public const int MaxLength = 512;

    /// <summary>The key of one object belonging to a project, e.g. <c>ForProject(id, "archive.zip")</c>.</summary>
    public static string ForProject(Guid projectId, string name)
    {
        var key = $"projects/{projectId:N}/{name}";
        Validate(key);
        return key;
    }

    public static bool IsValid(string key) =>
        key.Length is > 0 and <= MaxLength && key.Split('/').All(s => Segment().IsMatch(s) && s is not "." and not "..");

    /// <summary>Throws for a key that is not in the shape above (a programming error, never user input).</summary>
    public static void Validate(string key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException($"'{key}' is not a valid object key (relative path of [A-Za-z0-9._-] segments, at most {MaxLength} characters).", nameof(key));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex Segment();
}
