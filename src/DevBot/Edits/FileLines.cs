using System.Text;

namespace DevBot.Edits;

/// <summary>
/// A text file as lines, each with its own line ending, so an edit rewrites only the lines it touches: untouched
/// lines keep their endings byte for byte, new lines get the file's dominant ending (a CRLF file stays CRLF), and a
/// missing newline at the end of the file stays missing. Immutable: each change returns a new value, so a block that
/// fails halfway leaves nothing behind.
/// </summary>
internal sealed class FileLines
{
    private readonly string[] _text;
    private readonly string[] _endings;

    private FileLines(string[] text, string[] endings, string newLine)
    {
        _text = text;
        _endings = endings;
        NewLine = newLine;
    }

    /// <summary>The lines without their endings.</summary>
    public IReadOnlyList<string> Text => _text;

    public int Count => _text.Length;

    /// <summary>"\r\n" when most lines end in CRLF, otherwise "\n".</summary>
    public string NewLine { get; }

    public static FileLines Parse(string content)
    {
        var text = new List<string>();
        var endings = new List<string>();
        int crlf = 0, lf = 0, start = 0;
        while (start < content.Length)
        {
            var newline = content.IndexOf('\n', start);
            if (newline < 0)
            {
                text.Add(content[start..]);
                endings.Add(string.Empty);
                break;
            }

            var carriageReturn = newline > start && content[newline - 1] == '\r';
            text.Add(content[start..(carriageReturn ? newline - 1 : newline)]);
            endings.Add(carriageReturn ? "\r\n" : "\n");
            if (carriageReturn)
            {
                crlf++;
            }
            else
            {
                lf++;
            }

            start = newline + 1;
        }

        return new FileLines([.. text], [.. endings], crlf > lf ? "\r\n" : "\n");
    }

    /// <summary>
    /// Splits SEARCH or REPLACE text into lines. The text is its lines joined by '\n' (as the parser reads them), so a
    /// final '\n' is a blank last line; the ladder's blank-line rule forgives one that is not in the file.
    /// </summary>
    public static string[] SplitBlock(string text) =>
        text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>Converts text with '\n' line breaks to this file's line ending style.</summary>
    public string InFileStyle(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return NewLine == "\n" ? normalized : normalized.Replace("\n", NewLine, StringComparison.Ordinal);
    }

    /// <summary>Replaces <paramref name="count"/> lines from <paramref name="start"/> with <paramref name="lines"/>.</summary>
    public FileLines Replace(int start, int count, IReadOnlyList<string> lines)
    {
        var endings = lines.Select(_ => NewLine).ToArray();

        // The replaced stretch ran to the end of a file without a final newline: so does the replacement.
        if (lines.Count > 0 && count > 0 && start + count == Count && _endings[^1].Length == 0)
        {
            endings[^1] = string.Empty;
        }

        return new FileLines(
            [.. _text[..start], .. lines, .. _text[(start + count)..]],
            [.. _endings[..start], .. endings, .. _endings[(start + count)..]],
            NewLine);
    }

    /// <summary>Adds lines at the end, first ending the last line if it had no newline.</summary>
    public FileLines Append(IReadOnlyList<string> lines)
    {
        var endings = _endings.ToArray();
        if (endings.Length > 0 && endings[^1].Length == 0)
        {
            endings[^1] = NewLine;
        }

        return new FileLines([.. _text, .. lines], [.. endings, .. lines.Select(_ => NewLine)], NewLine);
    }

    public string Render()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _text.Length; i++)
        {
            builder.Append(_text[i]).Append(_endings[i]);
        }

        return builder.ToString();
    }
}
