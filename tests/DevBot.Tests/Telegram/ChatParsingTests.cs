using DevBot.Telegram;
using DevBot.Telegram.Conversation;
using DevBot.Telegram.Delivery;

namespace DevBot.Tests.Telegram;

public sealed class ChatParsingTests
{
    private static readonly DevBot.Telegram.Texts.Words English = new DevBot.Telegram.Texts.BotTexts().For("en");

    [Theory]
    [InlineData("/start", "start", "")]
    [InlineData("/new  A todo app\nwith tags", "new", "A todo app\nwith tags")]
    [InlineData("/Link@devbot_test_bot ABC123", "link", "ABC123")]
    public void Commands_are_parsed_with_the_bot_mention_dropped(string text, string name, string argument)
    {
        var command = ChatCommand.Parse(text).ShouldNotBeNull();
        command.Name.ShouldBe(name);
        command.Argument.ShouldBe(argument);
    }

    [Theory]
    [InlineData("hello /start")]
    [InlineData("/")]
    [InlineData("")]
    public void Text_that_is_no_command_is_not_parsed_as_one(string text) => ChatCommand.Parse(text).ShouldBeNull();

    [Fact]
    public void Callback_data_round_trips_and_fits_telegrams_64_bytes()
    {
        var projectId = Guid.CreateVersion7();
        var data = new[] { CallbackData.Build("0a1b2c3d", "any"), CallbackData.Resume(projectId), CallbackData.Cancel(projectId), CallbackData.Zip(projectId) };

        data.ShouldAllBe(d => System.Text.Encoding.UTF8.GetByteCount(d) <= 64);
        CallbackData.Parse(data[0]).ShouldBe(new CallbackData("build", "0a1b2c3d", "any"));
        CallbackData.Parse(data[1])!.ProjectId.ShouldBe(projectId);
        CallbackData.Parse("garbage").ShouldBeNull();
    }

    [Fact]
    public void A_task_that_kept_failing_review_is_explained_without_jargon()
    {
        var text = FailureExplainer.Explain(English, "Task 2 \"Command line interface\" was not approved after 3 attempts. Reviewer: The CLI must validate its arguments.");

        text.ShouldContain("step 2 (\"Command line interface\")");
        text.ShouldContain("The CLI must validate its arguments.");
    }

    [Fact]
    public void A_model_outage_is_explained_without_the_operators_configuration()
    {
        var text = FailureExplainer.Explain(English, "The language model endpoint http://10.0.0.5:11434/v1/ could not be reached (ConnectionRefused). Set LLM_BASE_URL to a running server.");

        text.ShouldContain("not available right now");
        text.ShouldNotContain("LLM_BASE_URL");
        text.ShouldNotContain("10.0.0.5");
    }

    [Fact]
    public void Admin_ids_are_read_from_a_comma_separated_list()
    {
        new TelegramOptions { AdminTelegramIds = " 12, -100200 ,,34" }.AdminIds.ShouldBe(new HashSet<long> { 12, -100200, 34 });
        new TelegramOptions().AdminIds.ShouldBeEmpty();
    }
}
