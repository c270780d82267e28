using DevBot.Telegram.Conversation;
using DevBot.Telegram.Payments;
using DevBot.Telegram.Texts;
using Telegram.Bot.Types.ReplyMarkups;

namespace DevBot.Telegram.Delivery;

/// <summary>The inline buttons the bot attaches to its messages, labelled in the chat's language.</summary>
internal static class ChatKeyboards
{
    public static InlineKeyboardMarkup CancelBuild(Guid projectId, Words words) =>
        new([[Button(words[TextKey.ButtonCancelBuild], CallbackData.Cancel(projectId))]]);

    public static InlineKeyboardMarkup ResumeBuild(Guid projectId, bool canBuy, Words words) =>
        new([[
            Button(words[TextKey.ButtonContinue], CallbackData.Resume(projectId)),
            .. canBuy ? [Button(words[TextKey.ButtonBuyCredits], CallbackData.Packs)] : Array.Empty<InlineKeyboardButton>(),
        ]]);

    public static InlineKeyboardMarkup BuyCredits(Words words) => new([[Button(words[TextKey.ButtonBuyCredits], CallbackData.Packs)]]);

    public static InlineKeyboardMarkup StackChoice(string draftId, Words words) => new(
    [
        [.. StackChoices.All.Where(s => s.Label is not null).Select(s => Button(s.Label!, CallbackData.Build(draftId, s.Code)))],
        [.. StackChoices.All.Where(s => s.Label is null).Select(s => Button(words[TextKey.ButtonArchitectDecides], CallbackData.Build(draftId, s.Code)))],
        [Button(words[TextKey.ButtonCancel], CallbackData.Drop(draftId))],
    ]);

    /// <summary>One button per Stars pack, one pack per row (the labels carry the price).</summary>
    public static InlineKeyboardMarkup StarPacks(IEnumerable<StarPack> packs, Words words) =>
        new(packs.Select(p => new[] { Button(words.Plain(TextKey.ButtonBuyPack, ("pack", p.Name), ("stars", p.Stars)), CallbackData.Buy(p.Name)) }));

    /// <summary>
    /// Under a delivered version: "Change…" and, for a version made from an earlier one, "Undo last change" (which
    /// names the version it was pressed under, so an old button never undoes a newer change).
    /// </summary>
    public static InlineKeyboardMarkup Delivered(Guid projectId, int version, bool canUndo, Words words) =>
        new([[
            Button(words[TextKey.ButtonChange], CallbackData.Change(projectId)),
            .. canUndo ? [Button(words[TextKey.ButtonUndo], CallbackData.Undo(projectId, version))] : Array.Empty<InlineKeyboardButton>(),
        ]]);

    /// <summary>The buttons of <c>/projects</c>: per project its ZIP, its plan, and making it the one to change (unless it is already).</summary>
    public static InlineKeyboardMarkup? ProjectActions(IEnumerable<ProjectListEntry> projects, Words words)
    {
        var rows = projects
            .Select(p => (IReadOnlyList<InlineKeyboardButton>)
            [
                .. p.HasArchive ? [Button(words.Plain(TextKey.ButtonZip, ("number", p.Number)), CallbackData.Zip(p.ProjectId))] : Array.Empty<InlineKeyboardButton>(),
                .. p.HasPlan ? [Button(words.Plain(TextKey.ButtonPlan, ("number", p.Number)), CallbackData.Plan(p.ProjectId))] : Array.Empty<InlineKeyboardButton>(),
                .. p.CanUse ? [Button(words.Plain(TextKey.ButtonUse, ("number", p.Number)), CallbackData.Use(p.ProjectId))] : Array.Empty<InlineKeyboardButton>(),
            ])
            .Where(row => row.Count > 0)
            .ToList();
        return rows.Count == 0 ? null : new InlineKeyboardMarkup(rows);
    }

    private static InlineKeyboardButton Button(string text, string callbackData) => InlineKeyboardButton.WithCallbackData(text, callbackData);
}

/// <summary>One project of the <c>/projects</c> list and which of its buttons apply.</summary>
internal sealed record ProjectListEntry(int Number, Guid ProjectId, bool HasArchive, bool HasPlan, bool CanUse);
