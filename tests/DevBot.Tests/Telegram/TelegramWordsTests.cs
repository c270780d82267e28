using DevBot.Data;
using DevBot.Telegram.Persistence;
using DevBot.Tests.Infrastructure;
using DevBot.Tests.Telegram.BotApiStandIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Telegram;

/// <summary>What the bot says and to which words it answers: languages, command aliases, greetings.</summary>
public sealed class TelegramWordsTests
{
    private static readonly StandInUser Alice = new(1001, "Alice", "alice");
    private static readonly StandInUser Olga = new(1003, "Ольга", "olga", LanguageCode: "ru");

    [Fact]
    public async Task A_russian_speaking_user_is_answered_in_russian_from_the_greeting_to_the_zip_and_its_progress_stays_russian()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        var telegram = rig.Telegram;

        telegram.SendText(Olga, "/start");
        (await telegram.WaitForMessageAsync(Olga.ChatId, m => m.Text is not null, "the greeting")).Text!.ShouldStartWith("Добро пожаловать, Ольга!");
        telegram.SendText(Olga, "Консольный конвертер температуры на Python, с тестами.");
        var draft = await telegram.WaitForMessageAsync(Olga.ChatId, m => m.HasButton("Python"), "the draft");
        draft.Text!.ShouldStartWith("Собрать это?");
        draft.HasButton("Пусть решит архитектор").ShouldBeTrue();
        telegram.PressButton(Olga, draft, "Python");

        var document = await telegram.WaitForMessageAsync(Olga.ChatId, m => m.DocumentBytes is not null, "the ZIP", TimeSpan.FromSeconds(90));
        document.Caption!.ShouldContain("шагов: 3 · файлов: 5");
        await telegram.WaitForAsync(_ => draft.Text?.Contains("✅ Готово") == true, "the final progress state");
        draft.TextHistory.ShouldContain(t => t.Contains("⏳ В очереди"));
        draft.Text!.ShouldContain("✅ 1. Conversion functions — одобрено: Looks good.");
        draft.TextHistory.ShouldContain(t => t.Contains("попытка 2, прошлая отклонена: Document why sys is imported."));
        await using var scope = rig.Host.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<ProjectChat>().SingleAsync()).Language.ShouldBe("ru");
    }

    [Fact]
    public async Task Build_and_history_work_like_new_and_projects_and_are_in_the_command_menu_of_every_language()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        var telegram = rig.Telegram;

        telegram.SendText(Alice, "/history");
        await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("You have no builds yet", StringComparison.Ordinal) == true, "the history");
        telegram.SendText(Alice, "/build A command line temperature converter in Python, with tests.");
        await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("Got it:", StringComparison.Ordinal) == true && m.HasButton("Python"), "the draft");
        telegram.SendText(Alice, "/help");
        var help = await telegram.WaitForMessageAsync(Alice.ChatId, m => m.Text?.StartsWith("What I can do", StringComparison.Ordinal) == true, "the help");

        help.Text!.ShouldContain("/build");
        help.Text!.ShouldContain("/history");
        var menus = telegram.CallsOf("setMyCommands");
        menus.Select(c => (string?)c.Parameters["language_code"]).ShouldBe([null, "ru"], ignoreOrder: true);
        foreach (var menu in menus)
        {
            var commands = menu.Parameters["commands"]!.AsArray().Select(c => (string)c!["command"]!).ToList();
            commands.ShouldContain("build");
            commands.ShouldContain("history");
            commands.ShouldContain("new");
            commands.ShouldContain("projects");
        }
    }

    [Fact]
    public async Task A_greeting_or_a_couple_of_words_get_help_instead_of_the_build_buttons()
    {
        await using var rig = await TelegramTestRig.StartAsync();
        var telegram = rig.Telegram;

        telegram.SendText(Alice, "hi");
        telegram.SendText(Olga, "Привет!");
        telegram.SendText(Alice, "tetris");
        telegram.SendText(Alice, "/new");
        telegram.SendText(Alice, "hello");

        await telegram.WaitForAsync(t => t.Messages(Alice.ChatId).Count >= 4, "four answers to Alice");
        var olga = await telegram.WaitForMessageAsync(Olga.ChatId, m => m.Text is not null, "the answer to Olga");
        var answers = telegram.Messages(Alice.ChatId).Select(m => m.Text!).ToList();
        answers[0].ShouldStartWith("Hi, Alice! 👋");
        answers[0].ShouldContain("What I can do");
        answers[1].ShouldStartWith("That is too short for me to build from.");
        answers[2].ShouldStartWith("Describe the project you want");
        answers[3].ShouldContain("Describe the project you want", Case.Sensitive, "after /new a greeting is asked again for the description");
        olga.Text!.ShouldStartWith("Привет, Ольга! 👋");
        olga.Text!.ShouldContain("Что я умею");
        telegram.Messages(Alice.ChatId).Concat(telegram.Messages(Olga.ChatId)).ShouldAllBe(m => !m.Buttons.Any());

        telegram.SendText(Alice, "A to-do list web app in Python where each task has a due date.");
        await telegram.WaitForMessageAsync(Alice.ChatId, m => m.HasButton("Python"), "the draft once a description arrives");
    }
}
