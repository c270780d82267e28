using System.Collections.Frozen;
using System.Text;

namespace DevBot.Telegram.Conversation;

internal enum SmallTalkKind
{
    /// <summary>Worth reading as a description of a program.</summary>
    None,

    /// <summary>"hi", "hello", "привет", "thanks": said to be friendly, not to order a program.</summary>
    Greeting,

    /// <summary>Too few words to build anything from ("tetris", "an app").</summary>
    TooShort,
}

/// <summary>
/// Tells a description from chat. Building costs the user credits, so a message that cannot be a description is
/// answered with help instead of the "Shall I build this?" buttons.
/// </summary>
internal static class SmallTalk
{
    /// <summary>Fewer words than this are no description (a description says what, for whom, with what).</summary>
    public const int MinimumWords = 3;

    private static readonly FrozenSet<string> Greetings = new[]
    {
        "hi", "hii", "hello", "hey", "hey there", "hi there", "hello there", "hiya", "yo", "howdy", "greetings", "sup",
        "good morning", "good afternoon", "good evening", "good day", "morning", "evening",
        "thanks", "thank you", "thank you very much", "thx", "ty", "ok", "okay", "cool", "nice", "great", "test", "ping",
        "how are you", "whats up", "what's up", "who are you", "what can you do",
        "hallo", "hola", "bonjour", "salut", "ciao", "ola", "olá", "merhaba", "namaste",
        "привет", "приветик", "приветствую", "здравствуй", "здравствуйте", "здрасте", "добрый день", "добрый вечер", "доброе утро",
        "доброй ночи", "хай", "салют", "ку", "хелло", "алло", "ау", "спасибо", "благодарю", "ок", "окей", "тест",
        "как дела", "кто ты", "что ты умеешь", "привіт", "вітаю", "дякую",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static SmallTalkKind Classify(string text)
    {
        var words = Words(text);
        if (words.Count == 0 || Greetings.Contains(string.Join(' ', words)) || (words.Count <= 3 && Greetings.Contains(words[0]) && words.Skip(1).All(IsFiller)))
        {
            return SmallTalkKind.Greeting;
        }

        return words.Count < MinimumWords ? SmallTalkKind.TooShort : SmallTalkKind.None;
    }

    /// <summary>"hi bot", "hello devbot", "привет бот": the greeting with whom it is addressed to.</summary>
    private static bool IsFiller(string word) => word is "bot" or "devbot" or "there" or "all" or "everyone" or "бот" or "ботик" or "всем";

    /// <summary>The message's words, lower-cased, without punctuation, emoji or mentions.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '\'' or '’')
            {
                word.Append(c == '’' ? '\'' : c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
