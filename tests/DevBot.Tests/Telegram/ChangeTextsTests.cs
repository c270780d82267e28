using DevBot.Projects;
using DevBot.Projects.Versions;
using DevBot.Shared;
using DevBot.Telegram;
using DevBot.Telegram.Conversation;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Texts;

namespace DevBot.Tests.Telegram;

/// <summary>The pieces of iterating in chat that are pure logic: button data, the delivery caption, the memory rule, its setting.</summary>
public sealed class ChangeTextsTests
{
    private static readonly Words English = new BotTexts().For("en");
    private static readonly Words Russian = new BotTexts().For("ru");

    [Fact]
    public void Change_undo_and_use_buttons_round_trip_and_fit_telegrams_64_bytes()
    {
        var projectId = Guid.CreateVersion7();
        string[] data = [CallbackData.Change(projectId), CallbackData.Undo(projectId, 123456), CallbackData.Use(projectId)];

        data.ShouldAllBe(d => System.Text.Encoding.UTF8.GetByteCount(d) <= 64);
        CallbackData.Parse(data[0]).ShouldBe(new CallbackData(CallbackData.ChangeAction, projectId.ToString("N"), null));
        var undo = CallbackData.Parse(data[1]).ShouldNotBeNull();
        (undo.Action, undo.ProjectId, undo.Version).ShouldBe((CallbackData.UndoAction, (Guid?)projectId, (int?)123456));
        CallbackData.Parse(data[2])!.ProjectId.ShouldBe(projectId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("+2")]
    [InlineData("2x")]
    [InlineData("99999999999")]
    public void An_undo_button_without_a_version_number_names_no_version(string? choice) =>
        new CallbackData(CallbackData.UndoAction, Guid.NewGuid().ToString("N"), choice).Version.ShouldBeNull();

    [Fact]
    public void The_caption_of_a_change_says_what_changed_and_what_that_versions_tests_proved()
    {
        var verification = new VerificationSummary(VerificationStatus.Passed, 3, 0, "python -m unittest", null, []);

        var caption = ProgressText.Caption(English, "Converter", 2, 6, 1234, 1.5m, verification, new VersionNote(2, VersionKind.Change, new DiffStat(3, 12, 4)));

        caption.Split('\n').ShouldBe(
        [
            "<b>Converter</b>",
            "2 steps done · 6 files · 1,234 tokens · 1.5 credits",
            "✏️ Version 2: 3 files changed, +12 −4 lines",
            "✅ Tests passed (3 passed, 0 failed).",
        ]);
        ProgressText.Caption(Russian, "Converter", 2, 6, 1234, 1.5m, verification, new VersionNote(2, VersionKind.Change, new DiffStat(3, 12, 4)))
            .ShouldContain("✏️ Версия 2: файлов изменено: 3, строк +12 −4");
    }

    [Fact]
    public void The_caption_of_an_undo_says_so_and_a_first_build_has_no_version_line()
    {
        ProgressText.Caption(English, "Converter", 0, 6, 0, 0m, null, new VersionNote(3, VersionKind.Restore, new DiffStat(3, 4, 12)))
            .ShouldContain("↩️ Version 3 undoes the last change: 3 files changed, +4 −12 lines");
        ProgressText.Caption(English, "Converter", 3, 5, 10, 1m, null, new VersionNote(1, VersionKind.Build, DiffStat.None))
            .ShouldBe(ProgressText.Caption(English, "Converter", 3, 5, 10, 1m));
    }

    [Fact]
    public void A_current_project_is_remembered_for_the_memory_and_not_a_moment_longer()
    {
        var set = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var memory = TimeSpan.FromDays(30);

        ChatMemory.Remembers(set, set, memory).ShouldBeTrue();
        ChatMemory.Remembers(set, set.AddDays(30).AddTicks(-1), memory).ShouldBeTrue();
        ChatMemory.Remembers(set, set.AddDays(30), memory).ShouldBeFalse();
        ChatMemory.Remembers(null, set, memory).ShouldBeFalse("a project set before times were recorded is not remembered");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public void Chat_memory_days_out_of_range_is_refused_naming_the_variable(int days)
    {
        var result = new VariableNamedValidation<TelegramOptions>().Validate(null, new TelegramOptions { ChatMemoryDays = days });

        result.Failed.ShouldBeTrue();
        result.Failures!.ShouldHaveSingleItem().ShouldContain("CHAT_MEMORY_DAYS");
        new TelegramOptions().ChatMemoryDays.ShouldBe(30);
    }
}
