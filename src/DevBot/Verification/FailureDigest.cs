using System.Text;
using System.Text.RegularExpressions;

namespace DevBot.Verification;

/// <summary>
/// Cuts a long test or build output down to what a fix needs, within a byte budget: the first failure blocks (a
/// unittest FAIL/ERROR section, a pytest test section, a TAP "not ok" with its YAML, a go "--- FAIL", a dotnet
/// failed test, a compiler error, a traceback) in the order they appear, then the runner's summary. Without any
/// recognised block it keeps the tail. Deterministic; the result is valid UTF-8 of at most the budget in bytes,
/// cut on line boundaries (only a single line longer than the whole budget is cut inside).
/// </summary>
internal static partial class FailureDigest
{
    private const string Gap = "…";
    private const int LongBlockHead = 12;
    private const int LongBlockTail = 28;

    public static string Build(string output, TestFramework framework, int budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, 64);
        var lines = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var summary = SummaryLines(lines);
        var blocks = Blocks(lines, framework).Where(b => !summary.Contains(b.Start)).ToList();

        var summaryText = summary.Select(i => lines[i]).ToList();
        var summaryBudget = Math.Min(Bytes(summaryText), budgetBytes / 4);
        var kept = new List<string>();
        var used = summaryBudget + Bytes([Gap]);
        var previousEnd = -1;
        foreach (var block in blocks)
        {
            var text = Shorten(lines, block);
            if (block.Start > previousEnd + 1 && kept.Count > 0)
            {
                text.Insert(0, Gap);
            }

            var size = Bytes(text);
            if (used + size <= budgetBytes)
            {
                kept.AddRange(text);
                used += size;
                previousEnd = block.End;
                continue;
            }

            foreach (var line in text)
            {
                var lineSize = Bytes([line]);
                if (used + lineSize > budgetBytes)
                {
                    break;
                }

                kept.Add(line);
                used += lineSize;
            }

            break;
        }

        if (kept.Count == 0)
        {
            kept.AddRange(Tail(lines, summary, budgetBytes - summaryBudget - Bytes([Gap])));
        }

        if (summaryText.Count > 0)
        {
            if (kept.Count > 0)
            {
                kept.Add(Gap);
            }

            kept.AddRange(FitTail(summaryText, budgetBytes - Bytes(kept)));
        }

        return Fit(string.Join('\n', kept).Trim('\n'), budgetBytes);
    }

    private readonly record struct Block(int Start, int End);

    private static IEnumerable<Block> Blocks(string[] lines, TestFramework framework)
    {
        var detectors = framework switch
        {
            TestFramework.Unittest => [UnittestBlocks, TracebackBlocks],
            TestFramework.Pytest => [PytestBlocks, TracebackBlocks],
            TestFramework.NodeTest => [TapBlocks, ErrorLineBlocks],
            TestFramework.GoTest => [GoBlocks, ErrorLineBlocks],
            TestFramework.DotnetTest => [DotnetBlocks, ErrorLineBlocks],
            _ => new Func<string[], IEnumerable<Block>>[] { UnittestBlocks, PytestBlocks, TapBlocks, GoBlocks, DotnetBlocks, TracebackBlocks, ErrorLineBlocks },
        };

        // The first detector that finds anything wins, so one failure is not quoted twice by two readings of it.
        foreach (var detect in detectors)
        {
            var found = detect(lines).OrderBy(b => b.Start).ToList();
            if (found.Count > 0)
            {
                return Merge(found);
            }
        }

        return [];
    }

    private static IEnumerable<Block> Merge(List<Block> blocks)
    {
        var merged = new List<Block>();
        foreach (var block in blocks)
        {
            if (merged.Count > 0 && block.Start <= merged[^1].End + 1)
            {
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, block.End) };
            }
            else
            {
                merged.Add(block);
            }
        }

        return merged;
    }

    // "======\nFAIL: test_x (module.Class.test_x)\n------\nTraceback…" up to the next "======", or the "------" before "Ran N tests".
    private static IEnumerable<Block> UnittestBlocks(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!UnittestStart().IsMatch(lines[i]))
            {
                continue;
            }

            var start = i > 0 && Ruler().IsMatch(lines[i - 1]) ? i - 1 : i;
            var end = i + 1;
            while (end < lines.Length && !(lines[end].StartsWith("=====", StringComparison.Ordinal) && Ruler().IsMatch(lines[end]))
                && !(lines[end].StartsWith("-----", StringComparison.Ordinal) && NextText(lines, end + 1).StartsWith("Ran ", StringComparison.Ordinal)))
            {
                end++;
            }

            yield return new Block(start, end - 1);
            i = end - 1;
        }
    }

    private static string NextText(string[] lines, int from) => lines.Skip(from).FirstOrDefault(l => l.Trim().Length > 0) ?? "";

    // "____ test_name ____" sections up to the next section or "=== short test summary" ruler.
    private static IEnumerable<Block> PytestBlocks(string[] lines)
    {
        foreach (var block in StartEnd(lines, l => PytestSection().IsMatch(l), l => PytestSection().IsMatch(l) || l.StartsWith("====", StringComparison.Ordinal), endInclusive: false))
        {
            yield return block;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("FAILED ", StringComparison.Ordinal) || lines[i].StartsWith("ERROR ", StringComparison.Ordinal))
            {
                yield return new Block(i, i);
            }
        }
    }

    // "not ok 2 - adds" and its indented YAML diagnostics up to "  ...".
    private static IEnumerable<Block> TapBlocks(string[] lines) =>
        StartEnd(lines, l => TapFailure().IsMatch(l), l => l.Trim() == "...", endInclusive: true,
            atEnd: l => TapResult().IsMatch(l));

    // "=== RUN   TestX" … "--- FAIL: TestX": go -v streams a test's log lines before its result (older versions after it,
    // indented); compiler errors "./x.go:3:5: msg"; panics with their first stack lines.
    private static IEnumerable<Block> GoBlocks(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var failure = GoFailure().Match(lines[i]);
            if (failure.Success)
            {
                var run = Array.FindLastIndex(lines, i, l => l.TrimEnd() == "=== RUN   " + failure.Groups["name"].Value);
                var end = i;
                while (end + 1 < lines.Length && lines[end + 1].StartsWith("    ", StringComparison.Ordinal) && !GoBoundary().IsMatch(lines[end + 1]))
                {
                    end++;
                }

                yield return new Block(run >= 0 ? run : i, end);
            }
            else if (GoCompileError().IsMatch(lines[i]))
            {
                yield return new Block(i, i);
            }
            else if (lines[i].StartsWith("panic: ", StringComparison.Ordinal))
            {
                yield return new Block(i, Math.Min(lines.Length - 1, i + 12));
            }
        }
    }

    // "  Failed Ns.Class.Test [12 ms]" with its "Error Message:" and "Stack Trace:"; compiler errors, once each.
    private static IEnumerable<Block> DotnetBlocks(string[] lines)
    {
        foreach (var block in StartEnd(lines, l => DotnetFailed().IsMatch(l), l => DotnetResult().IsMatch(l), endInclusive: false))
        {
            yield return block;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (DotnetCompileError().IsMatch(lines[i]) && seen.Add(lines[i].Trim()))
            {
                yield return new Block(i, i);
            }
        }
    }

    // Python tracebacks anywhere (a crash at import, a script): up to the exception line.
    private static IEnumerable<Block> TracebackBlocks(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("Traceback (most recent call last)", StringComparison.Ordinal))
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Length && (lines[end].StartsWith(' ') || lines[end].Length == 0))
            {
                end++;
            }

            yield return new Block(i, Math.Min(end, lines.Length - 1));
            i = end;
        }
    }

    // Anything that names an error, with a line of context on each side.
    private static IEnumerable<Block> ErrorLineBlocks(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (ErrorWords().IsMatch(lines[i]))
            {
                yield return new Block(Math.Max(0, i - 1), Math.Min(lines.Length - 1, i + 2));
            }
        }
    }

    private static IEnumerable<Block> StartEnd(string[] lines, Func<string, bool> isStart, Func<string, bool> isEnd, bool endInclusive, Func<string, bool>? atEnd = null)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!isStart(lines[i]))
            {
                continue;
            }

            var start = i > 0 && Ruler().IsMatch(lines[i - 1]) ? i - 1 : i;
            var end = i + 1;
            while (end < lines.Length && !isEnd(lines[end]) && !isStart(lines[end]) && !(atEnd?.Invoke(lines[end]) ?? false))
            {
                end++;
            }

            var last = end < lines.Length && endInclusive && isEnd(lines[end]) ? end : end - 1;
            yield return new Block(start, Math.Max(start, last));
            i = Math.Max(i, last);
        }
    }

    /// <summary>Keeps a long block's head and (where the assertion usually is) its tail.</summary>
    private static List<string> Shorten(string[] lines, Block block)
    {
        var count = block.End - block.Start + 1;
        if (count <= LongBlockHead + LongBlockTail)
        {
            return [.. lines[block.Start..(block.End + 1)]];
        }

        return
        [
            .. lines[block.Start..(block.Start + LongBlockHead)],
            $"{Gap} ({count - LongBlockHead - LongBlockTail} lines left out)",
            .. lines[(block.End + 1 - LongBlockTail)..(block.End + 1)],
        ];
    }

    private static HashSet<int> SummaryLines(string[] lines)
    {
        var found = new HashSet<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (SummaryLine().IsMatch(lines[i]))
            {
                found.Add(i);
            }
        }

        if (found.Count == 0)
        {
            // No runner summary: the last lines say how it ended.
            foreach (var i in Enumerable.Range(0, lines.Length).Reverse().Where(i => lines[i].Trim().Length > 0).Take(3))
            {
                found.Add(i);
            }
        }

        return [.. found.Order().TakeLast(12)];
    }

    private static List<string> Tail(string[] lines, HashSet<int> exclude, int budget)
    {
        var kept = new List<string>();
        var used = 0;
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (exclude.Contains(i))
            {
                continue;
            }

            var size = Encoding.UTF8.GetByteCount(lines[i]) + 1;
            if (used + size > budget)
            {
                break;
            }

            kept.Insert(0, lines[i]);
            used += size;
        }

        return kept;
    }

    private static List<string> FitTail(List<string> lines, int budget)
    {
        var kept = new List<string>();
        var used = 0;
        foreach (var line in Enumerable.Reverse(lines))
        {
            var size = Encoding.UTF8.GetByteCount(line) + 1;
            if (used + size > budget)
            {
                break;
            }

            kept.Insert(0, line);
            used += size;
        }

        return kept;
    }

    private static int Bytes(IEnumerable<string> lines) => lines.Sum(l => Encoding.UTF8.GetByteCount(l) + 1);

    /// <summary>Drops whole lines from the end until the text fits; a single over-long line is cut on a character boundary.</summary>
    internal static string Fit(string text, int budgetBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= budgetBytes)
        {
            return text;
        }

        var lines = text.Split('\n').ToList();
        while (lines.Count > 1 && Encoding.UTF8.GetByteCount(string.Join('\n', lines)) > budgetBytes)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var result = string.Join('\n', lines);
        if (Encoding.UTF8.GetByteCount(result) <= budgetBytes)
        {
            return result;
        }

        var bytes = Encoding.UTF8.GetBytes(result);
        var cut = budgetBytes - Encoding.UTF8.GetByteCount(Gap);
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return Encoding.UTF8.GetString(bytes, 0, cut) + Gap;
    }

    [GeneratedRegex(@"^(?:FAIL|ERROR): \S")]
    private static partial Regex UnittestStart();

    [GeneratedRegex(@"^(?:={10,}|-{10,})\s*$")]
    private static partial Regex Ruler();

    [GeneratedRegex(@"^_{3,} .+ _{3,}$")]
    private static partial Regex PytestSection();

    [GeneratedRegex(@"^\s*not ok \d+")]
    private static partial Regex TapFailure();

    [GeneratedRegex(@"^\s*(?:not )?ok \d+")]
    private static partial Regex TapResult();

    [GeneratedRegex(@"^\s*--- (?:PASS|FAIL|SKIP):|^=== (?:RUN|PAUSE|CONT)|^(?:ok|FAIL|PASS)\b")]
    private static partial Regex GoBoundary();

    [GeneratedRegex(@"^\s*--- FAIL: (?<name>\S+)")]
    private static partial Regex GoFailure();

    [GeneratedRegex(@"^\.?\.?/?[\w./-]+\.go:\d+(?::\d+)?: ")]
    private static partial Regex GoCompileError();

    [GeneratedRegex(@"^\s*Failed [\w.`<>,\[\]()"" -]+ \[")]
    private static partial Regex DotnetFailed();

    [GeneratedRegex(@"^\s*(?:Passed|Failed|Skipped) [\w.`<>,\[\]()"" -]+ \[|^(?:Passed|Failed)!\s+-|^Test Run|^Total tests:")]
    private static partial Regex DotnetResult();

    [GeneratedRegex(@": error [A-Z]+\d+: ")]
    private static partial Regex DotnetCompileError();

    [GeneratedRegex(@"\b(?:Error|Exception)\b|\berror:|\bERR!|AssertionError|\bassert\b|\bFAIL(?:ED)?\b|panic:", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorWords();

    // The lines that state the outcome, per runner.
    [GeneratedRegex(@"^Ran \d+ tests? in |^(?:OK|FAILED)(?: \(.*\))?\s*$|^=+ .*\d+ (?:passed|failed|errors?|skipped).* =+$|^[#ℹ] (?:tests|pass|fail|cancelled) \d+|^Tests:\s+.*total|^\s*Tests\s+\d+ (?:failed|passed)|^\s+\d+ (?:passing|failing)\b|(?:Passed|Failed)!\s+-\s+Failed:|^(?:ok|FAIL)\s+\S+\s+(?:[\d.]+s|\[)|^FAIL\s*$|^Build FAILED|^\s*\d+ Error\(s\)")]
    private static partial Regex SummaryLine();
}
