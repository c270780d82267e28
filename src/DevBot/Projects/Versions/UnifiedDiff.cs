using System.Text;
using DiffPlex;

namespace DevBot.Projects.Versions;

/// <summary>How much a version changed: files touched and lines added and removed (binary files count as files only).</summary>
public sealed record DiffStat(int FilesChanged, int LinesAdded, int LinesRemoved)
{
    public static DiffStat None { get; } = new(0, 0, 0);

    public DiffStat Plus(FileDiff file) => new(FilesChanged + 1, LinesAdded + file.Added, LinesRemoved + file.Removed);
}

/// <summary>One side of a file in a diff: its bytes, and whether they are binary.</summary>
public sealed record DiffSide(byte[] Content, bool Binary);

/// <summary>One file's part of a unified diff, and its line counts.</summary>
public sealed record FileDiff(string Path, string Text, int Added, int Removed);

/// <summary>
/// Unified diffs in git's format (<c>diff --git</c> headers, <c>/dev/null</c> for created and removed files, three
/// lines of context, <c>\ No newline at end of file</c>), so <c>git apply</c> and <c>patch -p1</c> take them. Lines
/// are compared by DiffPlex; the hunks and headers are written here, since DiffPlex renders no unified format.
/// A line is what ends at <c>\n</c>: a <c>\r</c> before it belongs to the line, so a CRLF file's diff keeps its CRs.
/// </summary>
public static class UnifiedDiff
{
    public const int Context = 3;

    /// <summary>Marks the last line of a file that does not end with a newline, so it differs from the same text with one.</summary>
    private const char NoFinalNewline = '\0';

    public static FileDiff ForFile(string path, DiffSide? before, DiffSide? after)
    {
        var text = new StringBuilder();
        text.Append("diff --git a/").Append(path).Append(" b/").Append(path).Append('\n');
        if (before is null)
        {
            text.Append("new file mode 100644\n");
        }
        else if (after is null)
        {
            text.Append("deleted file mode 100644\n");
        }

        var oldName = before is null ? "/dev/null" : "a/" + path;
        var newName = after is null ? "/dev/null" : "b/" + path;
        if (before?.Binary == true || after?.Binary == true)
        {
            text.Append("Binary files ").Append(oldName).Append(" and ").Append(newName).Append(" differ\n");
            return new FileDiff(path, text.ToString(), 0, 0);
        }

        var oldLines = Lines(before is null ? string.Empty : Encoding.UTF8.GetString(before.Content));
        var newLines = Lines(after is null ? string.Empty : Encoding.UTF8.GetString(after.Content));
        text.Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        var (added, removed) = AppendHunks(text, oldLines, newLines);
        return new FileDiff(path, text.ToString(), added, removed);
    }

    /// <summary>The file's lines without their newline; the last one carries <see cref="NoFinalNewline"/> when the file lacks it.</summary>
    internal static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n');
        if (text.EndsWith('\n'))
        {
            return lines[..^1];
        }

        lines[^1] += NoFinalNewline;
        return lines;
    }

    private static (int Added, int Removed) AppendHunks(StringBuilder text, string[] oldLines, string[] newLines)
    {
        // Every line ends in '\n' here, so an empty file and a file of one empty line stay apart.
        var blocks = Differ.Instance.CreateCustomDiffs(
            string.Concat(oldLines.Select(l => l + "\n")), string.Concat(newLines.Select(l => l + "\n")), ignoreWhiteSpace: false, ignoreCase: false,
            joined => joined.Length == 0 ? [] : joined[..^1].Split('\n')).DiffBlocks;
        var (added, removed) = (0, 0);
        var i = 0;
        while (i < blocks.Count)
        {
            // Blocks closer than twice the context share one hunk.
            var last = i;
            while (last + 1 < blocks.Count && blocks[last + 1].DeleteStartA - (blocks[last].DeleteStartA + blocks[last].DeleteCountA) <= 2 * Context)
            {
                last++;
            }

            var oldStart = Math.Max(0, blocks[i].DeleteStartA - Context);
            var newStart = blocks[i].InsertStartB - (blocks[i].DeleteStartA - oldStart);
            var lastEnd = blocks[last].DeleteStartA + blocks[last].DeleteCountA;
            var oldEnd = Math.Min(oldLines.Length, lastEnd + Context);
            var newEnd = blocks[last].InsertStartB + blocks[last].InsertCountB + (oldEnd - lastEnd);
            text.Append("@@ -").Append(Range(oldStart, oldEnd - oldStart)).Append(" +").Append(Range(newStart, newEnd - newStart)).Append(" @@\n");

            var position = oldStart;
            for (var b = i; b <= last; b++)
            {
                var block = blocks[b];
                for (; position < block.DeleteStartA; position++)
                {
                    AppendLine(text, ' ', oldLines[position]);
                }

                for (var k = 0; k < block.DeleteCountA; k++)
                {
                    AppendLine(text, '-', oldLines[block.DeleteStartA + k]);
                }

                for (var k = 0; k < block.InsertCountB; k++)
                {
                    AppendLine(text, '+', newLines[block.InsertStartB + k]);
                }

                removed += block.DeleteCountA;
                added += block.InsertCountB;
                position = block.DeleteStartA + block.DeleteCountA;
            }

            for (; position < oldEnd; position++)
            {
                AppendLine(text, ' ', oldLines[position]);
            }

            i = last + 1;
        }

        return (added, removed);
    }

    private static void AppendLine(StringBuilder text, char prefix, string line)
    {
        var missingNewline = line.EndsWith(NoFinalNewline);
        text.Append(prefix).Append(missingNewline ? line[..^1] : line).Append('\n');
        if (missingNewline)
        {
            text.Append("\\ No newline at end of file\n");
        }
    }

    /// <summary>A hunk range: the first line (1-based; the line before, when empty) and the count, ",1" left out as git does.</summary>
    private static string Range(int start, int count) => count switch
    {
        0 => $"{start},0",
        1 => $"{start + 1}",
        _ => $"{start + 1},{count}",
    };
}
