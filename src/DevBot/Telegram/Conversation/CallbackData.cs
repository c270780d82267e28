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

    /// <summary>Shows the credit packs.</summary>
    public const string Packs = PacksAction + ":all";

    public static string Build(string draftId, string stackCode) => $"{BuildAction}:{draftId}:{stackCode}";

    public static string Drop(string draftId) => $"{DropAction}:{draftId}";

    public static string Zip(Guid projectId) => $"{ZipAction}:{projectId:N}";

    public static string Plan(Guid projectId) => $"{PlanAction}:{projectId:N}";

    public static string Cancel(Guid projectId) => $"{CancelAction}:{projectId:N}";

    public static string Resume(Guid projectId) => $"{ResumeAction}:{projectId:N}";

    public static string Buy(string packName) => $"{BuyAction}:{packName}";

    public static CallbackData? Parse(string? data)
    {
        var parts = (data ?? string.Empty).Split(':');
        return parts.Length is 2 or 3 && parts[0].Length > 0 && parts[1].Length > 0
            ? new CallbackData(parts[0], parts[1], parts.Length == 3 ? parts[2] : null)
            : null;
    }

    public Guid? ProjectId => Guid.TryParseExact(Argument, "N", out var id) ? id : null;
}
