using System.IO.Compression;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Projects.Versions;
using DevBot.Telegram.Persistence;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Projects.Versions;
using DevBot.Tests.Telegram.BotApiStandIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Telegram;

/// <summary>The steps of iterating on a project in chat, shared by the SQLite and PostgreSQL tests.</summary>
internal static class TelegramChangeConversation
{
    public const string ChangeButton = "✏️ Change…";
    public const string UndoButton = "↩️ Undo last change";

    /// <summary>A model that builds the temperature converter, and answers every later version with the Kelvin change.</summary>
    public static ScriptedModel KelvinModel() => new() { Later = KelvinChange.Answer };

    /// <summary>Describes the converter, confirms it with Python and waits for its ZIP (the <paramref name="nth"/> ZIP of the chat).</summary>
    public static async Task<StandInMessage> BuildAsync(TelegramTestRig rig, StandInUser user, int nth = 1)
    {
        await ConfirmAsync(rig, user, nth);
        return await NthDocumentAsync(rig, user, nth);
    }

    /// <summary>Describes the converter and confirms the <paramref name="nth"/> draft with Python; returns the draft, now the build's progress message.</summary>
    public static async Task<StandInMessage> ConfirmAsync(TelegramTestRig rig, StandInUser user, int nth)
    {
        rig.Telegram.SendText(user, "/new A command line temperature converter in Python, with tests.");
        var draft = await rig.Telegram.WaitForAsync(
            t => t.Messages(user.ChatId).Where(m => m.TextHistory.Count > 0 && m.TextHistory[0].StartsWith("Got it:", StringComparison.Ordinal)).Skip(nth - 1).FirstOrDefault(),
            $"draft {nth} with its stack buttons");
        rig.Telegram.PressButton(user, draft, "Python");
        return draft;
    }

    /// <summary>
    /// The <paramref name="nth"/> ZIP of the chat, once DevBot has recorded which message it is (a reply to it names the
    /// project from then on; Telegram's users see a message only after the send that records it has answered).
    /// </summary>
    public static async Task<StandInMessage> NthDocumentAsync(TelegramTestRig rig, StandInUser user, int nth)
    {
        var document = await rig.Telegram.WaitForAsync(
            t => t.Messages(user.ChatId).Where(m => m.DocumentBytes is not null).Skip(nth - 1).FirstOrDefault(), $"ZIP number {nth}", TimeSpan.FromSeconds(120));
        await using var scope = rig.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DevBotDbContext>();
        await rig.Telegram.WaitForAsync(_ => db.Set<OutboxMessage>().AsNoTracking().Any(m => m.SentMessageId == document.MessageId && m.ChatId == user.ChatId),
            $"ZIP number {nth} recorded as sent");
        return document;
    }

    /// <summary>
    /// A delivered build → "Change…" → the change in words → its ZIP, whose caption names what changed and that
    /// version's tests → "Undo last change" → version 3, whose files are version 1's.
    /// </summary>
    public static async Task ChangeAndUndoAsync(TelegramTestRig rig, StandInUser user)
    {
        var telegram = rig.Telegram;
        var first = await BuildAsync(rig, user);
        first.HasButton(ChangeButton).ShouldBeTrue("every delivery can be changed");
        first.HasButton(UndoButton).ShouldBeFalse("version 1 has nothing to undo");

        telegram.PressButton(user, first, ChangeButton);
        await telegram.WaitForMessageAsync(user.ChatId, m => m.Text?.StartsWith("✏️ What should I change in Temperature converter?", StringComparison.Ordinal) == true, "the question");
        telegram.SendText(user, KelvinChange.Instruction);
        await telegram.WaitForMessageAsync(user.ChatId, m => m.Text == "✏️ Changing Temperature converter: this will be version 2.", "the change's acknowledgement");

        var second = await NthDocumentAsync(rig, user, 2);
        var projectId = await SingleProjectIdAsync(rig);
        var version2 = await VersionAsync(rig, projectId, 2);
        version2.Kind.ShouldBe(VersionKind.Change);
        version2.Instruction.ShouldBe(KelvinChange.Instruction);
        version2.FilesChanged.ShouldBeGreaterThanOrEqualTo(3);
        second.Caption!.ShouldContain(
            $"✏️ Version 2: {version2.FilesChanged} files changed, +{version2.LinesAdded} −{version2.LinesRemoved} lines", Case.Sensitive, "the caption says what changed");
        second.Caption!.ShouldContain("✅ Tests passed", Case.Sensitive, "the caption tells the change's own test run");
        second.HasButton(ChangeButton).ShouldBeTrue();
        second.HasButton(UndoButton).ShouldBeTrue("version 2 can be undone");
        first.Caption!.ShouldNotContain("Version 2", Case.Sensitive, "the first delivery is left as it was");
        Entry(second, "converter.py").ShouldBe(KelvinChange.Converter);

        // The change had a progress message of its own; the build's one still tells how the build ended.
        var progress = telegram.Messages(user.ChatId).Where(m => m.TextHistory.Any(t => t.Contains("Queued", StringComparison.Ordinal))).ToList();
        progress.Count.ShouldBe(2);
        progress[0].Text!.ShouldContain("✅ Done: 3 steps approved.");
        await telegram.WaitForAsync(_ => progress[1].Text?.Contains("✅ Done: 2 steps approved.") == true, "the change's progress to end");

        telegram.PressButton(user, second, UndoButton);
        await telegram.WaitForMessageAsync(user.ChatId,
            m => m.Text == "↩️ Undoing the last change of Temperature converter: version 3 brings back the files of version 1.", "the undo's acknowledgement");
        var third = await NthDocumentAsync(rig, user, 3);
        third.Caption!.ShouldContain("↩️ Version 3 undoes the last change", Case.Sensitive);
        third.HasButton(UndoButton).ShouldBeTrue("an undo can itself be undone");
        Files(third).ShouldBe(Files(first), "version 3 has exactly the files of version 1");
        var version3 = await VersionAsync(rig, projectId, 3);
        (version3.Kind, version3.RestoredFrom, version3.BaseVersion).ShouldBe((VersionKind.Restore, (int?)1, (int?)2), "undo adds a version; history is never rewritten");
    }

    public static async Task<Guid> SingleProjectIdAsync(TelegramTestRig rig)
    {
        await using var scope = rig.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<Project>().Select(p => p.Id).SingleAsync();
    }

    public static async Task<ProjectVersion> VersionAsync(TelegramTestRig rig, Guid projectId, int version)
    {
        await using var scope = rig.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProjectVersions>().FindAsync(projectId, version, CancellationToken.None)
            ?? throw new InvalidOperationException($"No version {version}.");
    }

    /// <summary>The ZIP's files (its .git folder left out), path → content.</summary>
    public static SortedDictionary<string, string> Files(StandInMessage document)
    {
        using var zip = new ZipArchive(new MemoryStream(document.DocumentBytes!));
        return new SortedDictionary<string, string>(zip.Entries
            .Where(e => !e.FullName.StartsWith(".git/", StringComparison.Ordinal) && !e.FullName.EndsWith('/'))
            .ToDictionary(e => e.FullName, e => new StreamReader(e.Open()).ReadToEnd()), StringComparer.Ordinal);
    }

    public static string Entry(StandInMessage document, string path) => Files(document)[path];
}
