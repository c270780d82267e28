namespace DevBot.Telegram.Conversation;

/// <summary>
/// What a button press means, packed into Telegram's 64-byte callback_data as <c>action:argument[:choice]</c>.
/// </summary>
internal sealed record CallbackData(string Action, string Argument, string? Choice)
{
    public const string BuildAction = "build";
    public const string DropAction = "drop";
    public const string ZipAction = "zip";
    public const string PlanAction = "plan";
    public const string CancelAction = "cancel";
    public const string ResumeAction = "resume";
    public const string BuyAction = "buy";
    public const string PacksAction = "packs";
    public const string ChangeAction = "change";
    public const string UndoAction = "undo";
    public const string UseAction = "use";

    /// <summary>Shows the credit packs.</summary>
    public const string Packs = PacksAction + ":all";

    public static string Build(string draftId, string stackCode) => $"{BuildAction}:{draftId}:{stackCode}";

    public static string Drop(string draftId) => $"{DropAction}:{draftId}";

    public static string Zip(Guid projectId) => $"{ZipAction}:{projectId:N}";

    public static string Plan(Guid projectId) => $"{PlanAction}:{projectId:N}";

    public static string Cancel(Guid projectId) => $"{CancelAction}:{projectId:N}";

    public static string Resume(Guid projectId) => $"{ResumeAction}:{projectId:N}";

    /// <summary>"Change…": asks for a change of the project in words.</summary>
    public static string Change(Guid projectId) => $"{ChangeAction}:{projectId:N}";

    /// <summary>"Undo last change" under the delivery of <paramref name="version"/>: valid while that version is current.</summary>
    public static string Undo(Guid projectId, int version) => $"{UndoAction}:{projectId:N}:{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Makes the project the chat's current one (from <c>/projects</c>).</summary>
    public static string Use(Guid projectId) => $"{UseAction}:{projectId:N}";

    public static string Buy(string packName) => $"{BuyAction}:{packName}";

    public static CallbackData? Parse(string? data)
    {
        var parts = (data ?? string.Empty).Split(':');
        return parts.Length is 2 or 3 && parts[0].Length > 0 && parts[1].Length > 0
            ? new CallbackData(parts[0], parts[1], parts.Length == 3 ? parts[2] : null)
            : null;
    }

    public Guid? ProjectId => Guid.TryParseExact(Argument, "N", out var id) ? id : null;

    /// <summary>The version a button names (undo), or null when its choice is no version number.</summary>
    public int? Version => int.TryParse(Choice, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version > 0 ? version : null;
}
