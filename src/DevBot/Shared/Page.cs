namespace DevBot.Shared;

/// <summary>One page of a list; <see cref="NextCursor"/> fetches the next one, and is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A page request as a client sends it (<c>?limit=&amp;cursor=</c>), checked.</summary>
public readonly record struct PageRequest(int Limit, PagePosition? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The request, or a sentence saying what is wrong with it.</summary>
    public static bool TryCreate(int? limit, string? cursor, string scope, out PageRequest request, out string problem)
    {
        request = default;
        problem = string.Empty;
        if (limit is < 1 or > MaxLimit)
        {
            problem = $"limit must be between 1 and {MaxLimit} (default {DefaultLimit}).";
            return false;
        }

        PagePosition? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!PageCursor.TryDecode(scope, cursor, out var position))
            {
                problem = "The cursor is not valid here: pass the nextCursor of the previous page unchanged, with the same filters.";
                return false;
            }

            after = position;
        }

        request = new PageRequest(limit ?? DefaultLimit, after);
        return true;
    }

    /// <summary>
    /// The page from up to <see cref="Limit"/> + 1 rows read (one extra tells whether there is a next page).
    /// </summary>
    public Page<TView> ToPage<TRow, TView>(IReadOnlyList<TRow> rows, Func<TRow, PagePosition> position, Func<TRow, TView> view, string scope)
    {
        var shown = rows.Take(Limit).ToList();
        var next = rows.Count > Limit ? PageCursor.Encode(scope, position(shown[^1])) : null;
        return new Page<TView>(shown.Select(view).ToList(), next);
    }
}
