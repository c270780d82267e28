using DevBot.Telegram.BotApi;

namespace DevBot.Tests.Telegram;

public sealed class TelegramHtmlTests
{
    [Fact]
    public void Escape_makes_markup_characters_literal_and_leaves_everything_else()
    {
        TelegramHtml.Escape("if a < b && c > \"d\" then 'x' ✓").ShouldBe("if a &lt; b &amp;&amp; c &gt; &quot;d&quot; then 'x' ✓");
        TelegramHtml.Escape("*bold_ [link](x) `code`").ShouldBe("*bold_ [link](x) `code`", "Markdown characters mean nothing in HTML mode");
        TelegramHtml.Escape(null).ShouldBe(string.Empty);
    }

    [Fact]
    public void Visible_length_counts_an_entity_as_one_character_and_tags_as_none()
    {
        TelegramHtml.VisibleLength("<b>a &amp; b</b>").ShouldBe(5);
    }

    [Fact]
    public void Short_text_is_one_piece_unchanged()
    {
        TelegramHtml.Split("<b>Hello</b> world").ShouldBe(["<b>Hello</b> world"]);
    }

    [Fact]
    public void Long_text_is_cut_at_line_breaks_within_the_limit_and_loses_nothing()
    {
        var lines = Enumerable.Range(1, 300).Select(i => $"line {i} with &lt;escaped&gt; text").ToList();
        var html = string.Join("\n", lines);

        var pieces = TelegramHtml.Split(html, 1000);

        pieces.Count.ShouldBeGreaterThan(1);
        pieces.ShouldAllBe(p => TelegramHtml.VisibleLength(p) <= 1000);
        pieces.ShouldAllBe(p => !p.StartsWith('\n') && !p.EndsWith('\n'));
        string.Join("\n", pieces).ShouldBe(html);
    }

    [Fact]
    public void Tags_open_at_a_cut_are_closed_and_reopened_so_each_piece_parses()
    {
        var html = "<b>" + string.Join(" ", Enumerable.Repeat("word", 100)) + "</b> <a href=\"https://example.com/x\">" + new string('y', 30) + "</a>";

        var pieces = TelegramHtml.Split(html, 120);

        pieces.ShouldAllBe(p => TelegramHtml.VisibleLength(p) <= 120);
        foreach (var piece in pieces)
        {
            var opened = System.Text.RegularExpressions.Regex.Matches(piece, "<(b|a)[ >]").Count;
            var closed = System.Text.RegularExpressions.Regex.Matches(piece, "</(b|a)>").Count;
            opened.ShouldBe(closed, piece);
        }

        pieces[0].ShouldStartWith("<b>");
        pieces[1].ShouldStartWith("<b>");
        pieces[^1].ShouldContain("<a href=\"https://example.com/x\">");
        string.Concat(pieces.Select(TelegramHtml.ToPlainText)).Replace(" ", string.Empty)
            .ShouldBe(TelegramHtml.ToPlainText(html).Replace(" ", string.Empty));
    }

    [Fact]
    public void An_unbroken_run_longer_than_the_limit_is_cut_hard_but_never_inside_a_character_or_entity()
    {
        var html = string.Concat(Enumerable.Repeat("😀&amp;", 50));

        var pieces = TelegramHtml.Split(html, 7);

        pieces.ShouldAllBe(p => TelegramHtml.VisibleLength(p) <= 7);
        foreach (var piece in pieces)
        {
            char.IsHighSurrogate(piece[^1]).ShouldBeFalse(piece);
            piece.ShouldNotEndWith("&");
            piece.ShouldNotStartWith("amp;");
        }

        string.Concat(pieces).ShouldBe(html);
    }

    [Fact]
    public void Truncate_keeps_within_the_limit_and_marks_the_cut()
    {
        var caption = TelegramHtml.Truncate("<b>" + new string('x', 2000) + "</b>", TelegramHtml.CaptionLimit);

        TelegramHtml.VisibleLength(caption).ShouldBeLessThanOrEqualTo(TelegramHtml.CaptionLimit);
        caption.ShouldEndWith("…");
        caption.ShouldStartWith("<b>");
    }

    [Fact]
    public void Plain_text_drops_tags_and_decodes_entities()
    {
        TelegramHtml.ToPlainText("<b>a &lt; b</b> &amp; <i>c</i>").ShouldBe("a < b & c");
    }
}
