using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using DevBot.Agents;
using DevBot.Edits;
using DevBot.Projects;
using DevBot.Tests.Infrastructure;
using ICU4N.Text;

namespace DevBot.Tests.Projects;

/// <summary>
/// Hostile names from a corpus (Projects/Data/hostile-names.txt) and thousands of seeded mutations of them go through
/// what a model's path goes through — <see cref="ProjectPath"/>, then the workspace's collision rule — and every name
/// that gets in is checked here, independently of those rules, to be safe to unzip on Linux, macOS and Windows.
/// </summary>
public sealed partial class HostileNamesFuzzTests
{
    private const int Mutations = 4000;

    /// <summary>This test's own list of characters that pass for a separator or a dot (not the production table).</summary>
    private static readonly HashSet<int> LookAlikes = [0x2215, 0x2044, 0xFF0F, 0x29F8, 0x2571, 0xFF3C, 0x2216, 0x0338, 0xFF0E, 0x2024, 0x2025, 0x2026, 0x3002, 0xFF61, 0xFE52, 0x0660, 0xFF1A, 0x2236];

    private static readonly HashSet<int> Invisible = [0x3164, 0x115F, 0x1160, 0xFFA0, 0x2800, 0x034F, 0xFE0F];

    private static readonly Normalizer2 Nfc = Normalizer2.NFCInstance;

    [Fact]
    public void Every_corpus_name_gets_the_verdict_the_corpus_gives_it()
    {
        var workspace = NewWorkspace();
        var wrong = new List<string>();
        foreach (var (verdict, name, line) in Corpus())
        {
            var actual = Submit(workspace, name, out var reason);
            if (actual != verdict)
            {
                wrong.Add($"line {line}: expected {verdict}, got {actual}: {reason}");
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void Every_name_that_gets_in_is_safe_to_unzip_on_linux_macos_and_windows()
    {
        var workspace = NewWorkspace();
        var corpus = Corpus().ToList();
        var names = corpus.Select(c => c.Name).ToList();
        var verdicts = new Dictionary<string, int>();
        foreach (var name in names.Concat(Mutate(names, new Random(20261201), Mutations)))
        {
            var verdict = Submit(workspace, name, out _);
            verdicts[verdict] = verdicts.GetValueOrDefault(verdict) + 1;
        }

        var accepted = workspace.Files.Keys.ToList();
        accepted.SelectMany(Violations).ShouldBeEmpty();
        CaseInsensitiveCollisions(accepted).ShouldBeEmpty();
        Unzipped(workspace).ShouldBe(accepted.Order(StringComparer.Ordinal).ToList(), Case.Sensitive, "the archive unpacks to exactly the accepted files");

        // The fuzz must exercise every outcome, or it proves nothing.
        verdicts.GetValueOrDefault("accept").ShouldBeGreaterThan(corpus.Count(c => c.Verdict == "accept"));
        verdicts.GetValueOrDefault("collide").ShouldBeGreaterThan(corpus.Count(c => c.Verdict == "collide"));
        verdicts.GetValueOrDefault("refuse").ShouldBeGreaterThan(corpus.Count(c => c.Verdict == "refuse"));
    }

    private static ProjectWorkspace NewWorkspace() => new([], new ProjectLimits { MaxFiles = 10_000 });

    /// <summary>What a model's path goes through: ProjectPath, then the workspace (where collisions are refused).</summary>
    private static string Submit(ProjectWorkspace workspace, string name, out string? reason)
    {
        if (!ProjectPath.TryNormalize(name, out var path, out reason))
        {
            return "refuse";
        }

        var report = workspace.Apply([new FileEdit.WholeFile(path, "content\n")]);
        reason = report.Failed.FirstOrDefault()?.Reason;
        return report.Succeeded ? "accept" : "collide";
    }

    /// <summary>Rule violations of one accepted path, checked without the production code.</summary>
    private static IEnumerable<string> Violations(string path)
    {
        if (Encoding.UTF8.GetByteCount(path) > 240)
        {
            yield return $"{path}: longer than 240 bytes";
        }

        if (!Nfc.IsNormalized(path))
        {
            yield return $"{path}: not in normal form C";
        }

        if (path.StartsWith('/') || path.IndexOfAny(['\\', ':', '<', '>', '"', '|', '?', '*']) >= 0)
        {
            yield return $"{path}: absolute, or a character Windows refuses";
        }

        for (var i = 0; i < path.Length; i++)
        {
            if (!Rune.TryGetRuneAt(path, i, out var rune))
            {
                yield return $"{path}: broken surrogate at {i}";
                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                    or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || (category == UnicodeCategory.SpaceSeparator && rune.Value != ' ')
                || LookAlikes.Contains(rune.Value) || Invisible.Contains(rune.Value))
            {
                yield return $"{path}: U+{rune.Value:X4} ({category})";
            }

            i += rune.Utf16SequenceLength - 1;
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or ".." || segment.EndsWith(' ') || segment.EndsWith('.')
                || segment.Equals(".git", StringComparison.OrdinalIgnoreCase) || ReservedOnWindows().IsMatch(segment))
            {
                yield return $"{path}: segment '{segment}'";
            }
        }
    }

    /// <summary>Files or folders that one case-insensitive file system would merge, or a name that is both file and folder.</summary>
    private static List<string> CaseInsensitiveCollisions(List<string> paths)
    {
        var problems = new List<string>();
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var folders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths)
        {
            if (!files.TryAdd(path, path))
            {
                problems.Add($"{path} and {files[path]} are one file");
            }

            var segments = path.Split('/');
            for (var i = 1; i < segments.Length; i++)
            {
                var folder = string.Join('/', segments[..i]);
                if (folders.TryGetValue(folder, out var spelled) && spelled != folder)
                {
                    problems.Add($"folder {folder} is also spelled {spelled}");
                }

                folders.TryAdd(folder, folder);
            }
        }

        problems.AddRange(files.Keys.Where(folders.ContainsKey).Select(f => $"{f} is a file and a folder"));
        return problems;
    }

    /// <summary>Builds the delivered ZIP and unpacks it here (Linux): the relative paths of what came out.</summary>
    private static List<string> Unzipped(ProjectWorkspace workspace)
    {
        using var folder = new TempDirectory();
        using (var zip = ProjectArchive.Create(workspace.Files, DateTimeOffset.UnixEpoch.AddYears(40)))
        {
            ZipFile.ExtractToDirectory(zip, folder.Path);
        }

        return Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder.Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Seeded variations: hostile characters inserted or swapped in, letter case flipped, names joined by real and fake separators.</summary>
    private static IEnumerable<string> Mutate(List<string> names, Random random, int count)
    {
        var spice = names.SelectMany(n => n).Distinct().ToArray();
        string[] joints = ["/", "\\", "\u2215", "/./", "/../", "//", "\uFF0F", "/.git/", "/CON/"];
        for (var k = 0; k < count; k++)
        {
            var name = names[random.Next(names.Count)];
            var steps = 1 + random.Next(2);
            for (var s = 0; s < steps; s++)
            {
                var at = random.Next(name.Length + 1);
                name = random.Next(6) switch
                {
                    0 => name.Insert(at, spice[random.Next(spice.Length)].ToString()),
                    1 when name.Length > 0 => string.Concat(name[..Math.Min(at, name.Length - 1)], spice[random.Next(spice.Length)].ToString(), name[(Math.Min(at, name.Length - 1) + 1)..]),
                    2 => new string(name.Select(c => random.Next(3) == 0 ? char.ToUpperInvariant(c) : random.Next(2) == 0 ? char.ToLowerInvariant(c) : c).ToArray()),
                    3 => name + joints[random.Next(joints.Length)] + names[random.Next(names.Count)],
                    4 => names[random.Next(names.Count)].Split('/', '\\')[0] + "/" + name,
                    _ => name.ToUpperInvariant(),
                };
            }

            yield return name;
        }
    }

    private static IEnumerable<(string Verdict, string Name, int Line)> Corpus()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Projects", "Data", "hostile-names.txt"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            var space = lines[i].IndexOf(' ', StringComparison.Ordinal);
            yield return (lines[i][..space], Unescape(lines[i][(space + 1)..]), i + 1);
        }
    }

    private static string Unescape(string text) => Escape().Replace(text, m => m.Value[1] switch
    {
        '\\' => "\\",
        't' => "\t",
        'n' => "\n",
        'r' => "\r",
        '0' => "\0",
        'u' => ((char)int.Parse(m.Value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
        _ => char.ConvertFromUtf32(int.Parse(m.Value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
    });

    [GeneratedRegex(@"\\(\\|t|n|r|0|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")]
    private static partial Regex Escape();

    [GeneratedRegex(@"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$) *(\..*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ReservedOnWindows();
}
