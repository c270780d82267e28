using DevBot.Retrieval.Embeddings.Local;

namespace DevBot.Tests.Retrieval.Embeddings;

/// <summary>The tokenizer splits text as Hugging Face's uncased BERT tokenizer does, which is what the model was trained on.</summary>
public sealed class BertTokenizationTests
{
    private static readonly Lazy<(MiniLmTokenizer Tokenizer, string[] Vocabulary)> Packaged = new(() =>
    {
        var vocabulary = MiniLmPackage.Read(LocalEmbeddingModel.PackageAssemblyPath).Vocabulary;
        return (MiniLmTokenizer.FromVocabulary(vocabulary), System.Text.Encoding.UTF8.GetString(vocabulary).Split('\n'));
    });

    [Fact]
    public void Snake_case_names_and_symbols_are_split_into_punctuation_tokens_and_accents_are_stripped()
    {
        Tokens("parse_headers(x) = café + 1").ShouldBe(["[CLS]", "par", "##se", "_", "header", "##s", "(", "x", ")", "=", "cafe", "+", "1", "[SEP]"]);
    }

    [Fact]
    public void Input_is_cut_to_the_models_256_token_window_with_the_separator_kept_last()
    {
        var tokens = Tokens(string.Join(' ', Enumerable.Repeat("token", 1000)));

        tokens.Count.ShouldBe(LocalEmbeddingModel.MaxTokens);
        tokens[0].ShouldBe("[CLS]");
        tokens[^1].ShouldBe("[SEP]");
    }

    private static List<string> Tokens(string text) =>
        Packaged.Value.Tokenizer.Tokenize(text).Select(id => Packaged.Value.Vocabulary[id].TrimEnd('\r')).ToList();
}
