using DevBot.Telegram.Conversation;

namespace DevBot.Tests.Telegram;

public sealed class SmallTalkTests
{
    [Theory]
    [InlineData("hi")]
    [InlineData("Hello!")]
    [InlineData("hey there 👋")]
    [InlineData("Привет")]
    [InlineData("привет, бот")]
    [InlineData("Добрый день!")]
    [InlineData("thanks")]
    [InlineData("👋")]
    public void Greetings_and_courtesies_are_no_description(string text) => SmallTalk.Classify(text).ShouldBe(SmallTalkKind.Greeting);

    [Theory]
    [InlineData("tetris")]
    [InlineData("todo app")]
    [InlineData("игра змейка")]
    public void A_word_or_two_is_too_short_to_build_from(string text) => SmallTalk.Classify(text).ShouldBe(SmallTalkKind.TooShort);

    [Theory]
    [InlineData("A command line temperature converter in Python, with tests.")]
    [InlineData("hello world program in C")]
    [InlineData("Телеграм-бот, который напоминает о днях рождения")]
    public void A_sentence_about_a_program_is_a_description(string text) => SmallTalk.Classify(text).ShouldBe(SmallTalkKind.None);
}
