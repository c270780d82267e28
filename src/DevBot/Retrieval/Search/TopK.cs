namespace DevBot.Retrieval.Search;

/// <summary>The indices of the <c>k</c> highest scores, best first (equal scores: lower index first), in O(n log k).</summary>
internal static class TopK
{
    public static List<int> Select(ReadOnlySpan<double> scores, int k, bool positiveOnly = false)
    {
        if (k <= 0)
        {
            return [];
        }

        // A min-heap of the best k so far: its root is the weakest, replaced when something better comes.
        var heap = new PriorityQueue<int, (double Score, int NegativeIndex)>(Math.Min(k, scores.Length) + 1);
        for (var i = 0; i < scores.Length; i++)
        {
            var score = scores[i];
            if (positiveOnly && score <= 0)
            {
                continue;
            }

            var priority = (score, -i);
            if (heap.Count < k)
            {
                heap.Enqueue(i, priority);
            }
            else if (heap.TryPeek(out _, out var weakest) && priority.CompareTo(weakest) > 0)
            {
                heap.DequeueEnqueue(i, priority);
            }
        }

        var result = new List<int>(heap.Count);
        while (heap.TryDequeue(out var index, out _))
        {
            result.Add(index);
        }

        result.Reverse();
        return result;
    }
}
