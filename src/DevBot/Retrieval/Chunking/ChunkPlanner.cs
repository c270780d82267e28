namespace DevBot.Retrieval.Chunking;

/// <summary>
/// Turns a file's definition tree into line ranges: a definition that fits is one piece; a larger one is split
/// into its members plus the lines between them (its head: signature, fields); a large leaf or a long run of
/// other lines becomes overlapping windows. Small neighbouring pieces are then packed together.
/// </summary>
internal sealed class ChunkPlanner(string[] lines, ChunkerOptions options)
{
    internal sealed record Piece(int Start, int End, string Kind, string? Name, bool Window);

    public List<Piece> Plan(IReadOnlyList<Definition> roots)
    {
        var pieces = new List<Piece>();
        AddRange(pieces, 1, lines.Length, roots, owner: null, ownerName: null);
        return Pack(pieces);
    }

    private void AddRange(List<Piece> pieces, int from, int to, IEnumerable<Definition> children, Definition? owner, string? ownerName)
    {
        var cursor = from;
        foreach (var child in children.Where(c => c.Structural).OrderBy(c => c.StartLine))
        {
            var start = Math.Max(child.StartLine, cursor);
            var end = Math.Min(child.EndLine, to);
            if (start > end)
            {
                continue;
            }

            if (start > cursor)
            {
                AddGap(pieces, cursor, start - 1, owner, ownerName);
            }

            AddDefinition(pieces, child, start, end, Qualify(ownerName, child));
            cursor = end + 1;
        }

        if (cursor <= to)
        {
            AddGap(pieces, cursor, to, owner, ownerName);
        }
    }

    private static string Qualify(string? ownerName, Definition definition) =>
        ownerName is null || definition.Kind == "namespace" ? definition.Name : $"{ownerName}.{definition.Name}";

    private void AddDefinition(List<Piece> pieces, Definition definition, int start, int end, string name)
    {
        if (end - start + 1 <= options.MaxLines)
        {
            pieces.Add(new Piece(start, end, definition.Kind, name, Window: false));
        }
        else if (definition.Children.Any(c => c.Structural))
        {
            AddRange(pieces, start, end, definition.Children, definition, definition.Kind == "namespace" ? null : name);
        }
        else
        {
            AddWindows(pieces, start, end, definition.Kind, name);
        }
    }

    private void AddGap(List<Piece> pieces, int start, int end, Definition? owner, string? ownerName)
    {
        while (start <= end && IsFiller(lines[start - 1]))
        {
            start++;
        }

        while (end >= start && IsFiller(lines[end - 1]))
        {
            end--;
        }

        if (start > end)
        {
            return;
        }

        var kind = owner?.Kind ?? "module";
        var name = owner is null ? null : ownerName;
        if (end - start + 1 <= options.MaxLines)
        {
            pieces.Add(new Piece(start, end, kind, name, Window: false));
        }
        else
        {
            AddWindows(pieces, start, end, kind, name);
        }
    }

    /// <summary>Blank lines and lone closing brackets carry nothing worth retrieving on their own.</summary>
    private static bool IsFiller(string line)
    {
        foreach (var c in line)
        {
            if (!char.IsWhiteSpace(c) && c is not ('}' or ')' or ']' or ';' or ','))
            {
                return false;
            }
        }

        return true;
    }

    private void AddWindows(List<Piece> pieces, int start, int end, string kind, string? name)
    {
        var step = Math.Max(1, options.MaxLines - options.OverlapLines);
        for (var first = start; ; first += step)
        {
            var last = Math.Min(end, first + options.MaxLines - 1);
            pieces.Add(new Piece(first, last, kind, name, Window: true));
            if (last >= end)
            {
                break;
            }
        }
    }

    private List<Piece> Pack(List<Piece> pieces)
    {
        var packed = new List<Piece>();
        var group = new List<Piece>();
        foreach (var piece in pieces)
        {
            if (group.Count > 0 && (piece.Window || group[0].Window || piece.End - group[0].Start + 1 > options.MergeLines))
            {
                packed.Add(Merge(group));
                group.Clear();
            }

            group.Add(piece);
        }

        if (group.Count > 0)
        {
            packed.Add(Merge(group));
        }

        return packed;
    }

    private static Piece Merge(List<Piece> group) => group.Count == 1
        ? group[0]
        : new Piece(group[0].Start, group[^1].End, "group", null, Window: false);
}
