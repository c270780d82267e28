using System.Globalization;

namespace DevBot.Sandbox;

/// <summary>Reads the host's process tree from /proc: which processes descend from one, and whether they are gone.</summary>
internal static class ProcessTree
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Every process below <paramref name="root"/> right now (children, their children, …).</summary>
    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var directory in SafeEnumerate("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { Parent: var parent })
            {
                (parents.TryGetValue(parent, out var children) ? children : parents[parent] = []).Add(pid);
            }
        }

        var found = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            foreach (var child in parents.GetValueOrDefault(pid) ?? [])
            {
                found.Add(child);
                pending.Push(child);
            }
        }

        return found;
    }

    /// <summary>Waits until none of <paramref name="pids"/> runs any more (gone, or a zombie: dead but not yet reaped), at most <paramref name="limit"/>.</summary>
    public static async Task WaitGoneAsync(IReadOnlyList<int> pids, TimeSpan limit, TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (pids.Any(IsRunning) && time.GetElapsedTime(started) < limit)
        {
            await Task.Delay(PollInterval, time);
        }
    }

    private static bool IsRunning(int pid) => ReadStat(pid) is { State: not 'Z' and not 'X' };

    // /proc/PID/stat: "PID (comm) STATE PPID …"; comm may contain spaces and parentheses, so read after the last ')'.
    private static (char State, int Parent)? ReadStat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static IEnumerable<string> SafeEnumerate(string directory)
    {
        try
        {
            return Directory.EnumerateDirectories(directory).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
