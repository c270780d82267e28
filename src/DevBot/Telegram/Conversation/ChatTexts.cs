using DevBot.Telegram.BotApi;

namespace DevBot.Telegram.Conversation;

/// <summary>The bot's fixed sentences.</summary>
public static class ChatTexts
{
    public static string Greeting(string name, decimal credits, bool isNew) =>
        $"{(isNew ? "Welcome" : "Welcome back")}, {TelegramHtml.Escape(name)}! 👋\n\n"
        + "I am DevBot. Describe a program you want and I will plan it, write it, have every part reviewed, "
        + "and send you the finished project as a ZIP with a README.\n\n"
        + $"Your balance: {TelegramHtml.Bold(Credits(credits))} credits.\n\n"
        + "Just send me a description to start, or see /help.";

    public static string Help =>
        "<b>What I can do</b>\n"
        + "/new <i>description</i> — build a new project (or just send the description)\n"
        + "/status — your balance and the build in progress\n"
        + "/projects — your recent builds, to get a ZIP again or see a plan\n"
        + "/cancel — stop the build in progress\n"
        + "/credits — your balance and what you have used\n"
        + "/buy — buy credits\n"
        + "/apikey — a key for the HTTP API (shown once); /apikey list, /apikey revoke ID\n"
        + "/link <i>code</i> — link the DevBot account that made the code\n"
        + "/help — this list\n\n"
        + "A good description says what the program does, who uses it, and any must-haves, e.g. "
        + "<i>\"A command-line tool that converts temperatures between Celsius and Fahrenheit, with tests.\"</i>";

    public const string AskForDescription =
        "Describe the project you want in a message: what it does, who uses it, anything it must have.";

    public const string TextOnly = "I understand text only: describe the project you want in words, or see /help.";

    public static string Unknown(string command) =>
        $"I don't know {TelegramHtml.Escape(command)}. Here is what I understand:\n\n" + Help;

    public static string SlowDown(TimeSpan wait) =>
        $"You're sending messages faster than I can handle. Please wait {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds and try again.";

    public static string Credits(decimal credits) => Billing.CreditFormat.Show(credits);
}
