using DevBot.Telegram.BotApi;
using DevBot.Telegram.Conversation;

namespace DevBot.Telegram.Delivery;

/// <summary>The inline buttons the bot attaches to its messages.</summary>
public static class ChatKeyboards
{
    public static InlineKeyboardMarkup CancelBuild(Guid projectId) =>
        new([[InlineKeyboardButton.Callback("Cancel build", CallbackData.Cancel(projectId))]]);

    public static InlineKeyboardMarkup ResumeBuild(Guid projectId, bool canBuy) =>
        new([[
            InlineKeyboardButton.Callback("Continue", CallbackData.Resume(projectId)),
            .. canBuy ? [InlineKeyboardButton.Callback("Buy credits", CallbackData.Packs)] : Array.Empty<InlineKeyboardButton>(),
        ]]);

    public static InlineKeyboardMarkup StackChoice(string draftId) => new(
    [
        [.. StackChoices.All.Where(s => s.Stack is not null).Select(s => InlineKeyboardButton.Callback(s.Label, CallbackData.Build(draftId, s.Code)))],
        [.. StackChoices.All.Where(s => s.Stack is null).Select(s => InlineKeyboardButton.Callback(s.Label, CallbackData.Build(draftId, s.Code)))],
        [InlineKeyboardButton.Callback("Cancel", CallbackData.Drop(draftId))],
    ]);

    public static InlineKeyboardMarkup? ProjectActions(IEnumerable<(int Number, Guid ProjectId, bool HasArchive, bool HasPlan)> projects)
    {
        var rows = projects
            .Select(p => (IReadOnlyList<InlineKeyboardButton>)
            [
                .. p.HasArchive ? [InlineKeyboardButton.Callback($"#{p.Number} ZIP", CallbackData.Zip(p.ProjectId))] : Array.Empty<InlineKeyboardButton>(),
                .. p.HasPlan ? [InlineKeyboardButton.Callback($"#{p.Number} plan", CallbackData.Plan(p.ProjectId))] : Array.Empty<InlineKeyboardButton>(),
            ])
            .Where(row => row.Count > 0)
            .ToList();
        return rows.Count == 0 ? null : new InlineKeyboardMarkup(rows);
    }
}
