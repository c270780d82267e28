using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace DevBot.Retrieval.Embeddings.Local;

/// <summary>
/// The model's WordPiece tokenizer (Microsoft.ML.Tokenizers' BertTokenizer over the packaged vocab.txt), set up to
/// split text as Hugging Face's uncased BERT tokenizer does — what the model was trained on: lower-case, accents
/// stripped ("café" → "cafe", not [UNK]; see <see cref="LatinAccents"/>), every punctuation character its own token, ASCII symbols such as
/// <c>_ = + &lt; &gt;</c> included. The library's default split keeps "parse_headers" whole and drops symbols.
/// </summary>
internal sealed partial class MiniLmTokenizer(BertTokenizer tokenizer)
{
    public static MiniLmTokenizer FromVocabulary(byte[] vocabulary)
    {
        using var stream = new MemoryStream(vocabulary, writable: false);
        return new MiniLmTokenizer(BertTokenizer.Create(stream, new BertOptions
        {
            RemoveNonSpacingMarks = true, // Needs NFD, which InvariantGlobalization lacks: LatinAccents does the common part.
            PreTokenizer = new RegexPreTokenizer(BertBasicSplit(), null),
        }));
    }

    /// <summary>Token ids of one input, [CLS] … [SEP], at most <see cref="LocalEmbeddingModel.MaxTokens"/> (cut at a word).</summary>
    public IReadOnlyList<int> Tokenize(string text) =>
        tokenizer.EncodeToIds(LatinAccents.Strip(text), LocalEmbeddingModel.MaxTokens, addSpecialTokens: true, out _, out _);

    /// <summary>A run of anything but white space and punctuation, or one punctuation character (Unicode P*, and ASCII 33–47, 58–64, 91–96, 123–126).</summary>
    [GeneratedRegex(@"[^\s\p{P}!-/:-@\[-`{-~]+|[\p{P}!-/:-@\[-`{-~]")]
    private static partial Regex BertBasicSplit();
}
