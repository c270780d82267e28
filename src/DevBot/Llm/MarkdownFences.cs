namespace DevBot.Llm;

/// <summary>Finds fenced code blocks (``` or ~~~, any length ≥ 3) in a model's Markdown answer.</summary>
public static class MarkdownFences
{
    public sealed record Block(int StartLine, int EndLine, string Info, string Body);

    public static IReadOnlyList<Block> Blocks(string text)
    {
        var lines = SplitLines(text);
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!TryOpen(lines[i], out var fence, out var info))
            {
                continue;
            }

            var close = -1;
            for (var j = i + 1; j < lines.Length; j++)
            {
                var candidate = lines[j].Trim();
                if (candidate.Length >= fence.Length && candidate.All(c => c == fence[0]) && candidate.StartsWith(fence, StringComparison.Ordinal))
                {
                    close = j;
                    break;
                }
            }

            // An unterminated fence (the model ran out of tokens) still yields what it holds.
            var end = close < 0 ? lines.Length : close;
            blocks.Add(new Block(i, end, info, string.Join('\n', lines[(i + 1)..end])));
            i = end;
        }

        return blocks;
    }

    public static string[] SplitLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static bool TryOpen(string line, out string fence, out string info)
    {
        var trimmed = line.TrimStart();
        fence = string.Empty;
        info = string.Empty;
        if (trimmed.Length < 3 || (trimmed[0] != '`' && trimmed[0] != '~'))
        {
            return false;
        }

        var marker = trimmed[0];
        var length = 0;
        while (length < trimmed.Length && trimmed[length] == marker)
        {
            length++;
        }

        if (length < 3)
        {
            return false;
        }

        fence = new string(marker, length);
        info = trimmed[length..].Trim();
        return true;
    }
}
