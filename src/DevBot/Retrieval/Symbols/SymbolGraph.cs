using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Indexing;

namespace DevBot.Retrieval.Symbols;

/// <summary>
/// Which file defines which symbol and which files use it: an edge runs from a file to every other file that
/// defines a name it uses. Ranked per task with personalised PageRank, the way Aider's repository map does.
/// </summary>
public sealed class SymbolGraph
{
    private readonly List<Edge> _edges = [];

    public SymbolGraph(IReadOnlyList<IndexedChunk> chunks)
    {
        var fileIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var files = new List<string>();
        int FileOf(string path)
        {
            if (!fileIndex.TryGetValue(path, out var index))
            {
                index = files.Count;
                fileIndex[path] = index;
                files.Add(path);
            }

            return index;
        }

        var definitions = new List<RankedSymbol>();
        var definingFiles = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var references = new List<Dictionary<string, int>>();
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            var file = FileOf(chunk.Path);
            while (references.Count <= file)
            {
                references.Add(new Dictionary<string, int>(StringComparer.Ordinal));
            }

            foreach (var definition in chunk.Definitions)
            {
                definitions.Add(new RankedSymbol(chunk.Path, file, c, definition));
                if (!definingFiles.TryGetValue(definition.Name, out var set))
                {
                    set = [];
                    definingFiles[definition.Name] = set;
                }

                set.Add(file);
            }

            foreach (var name in chunk.References)
            {
                references[file][name] = references[file].GetValueOrDefault(name) + 1;
            }
        }

        Files = files;
        FileIndex = fileIndex;
        Definitions = definitions;
        DefiningFiles = definingFiles;
        for (var from = 0; from < references.Count; from++)
        {
            foreach (var (name, count) in references[from])
            {
                if (!definingFiles.TryGetValue(name, out var targets))
                {
                    continue;
                }

                foreach (var to in targets)
                {
                    if (to != from)
                    {
                        _edges.Add(new Edge(from, to, name, Math.Sqrt(count) * StaticWeight(name, targets.Count)));
                    }
                }
            }
        }

        NamesByKey = definitions.Select(d => d.Definition.Name).Distinct(StringComparer.Ordinal)
            .SelectMany(n => new[] { (Key: n.ToLowerInvariant(), Name: n), (Key: Squash(n), Name: n) })
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Name).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Files { get; }

    public IReadOnlyDictionary<string, int> FileIndex { get; }

    public IReadOnlyList<RankedSymbol> Definitions { get; }

    public IReadOnlyDictionary<string, HashSet<int>> DefiningFiles { get; }

    /// <summary>Defined names by lowercase and by lowercase without underscores, for matching words of a task.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> NamesByKey { get; }

    public int EdgeCount => _edges.Count;

    public static string Squash(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Ranks files and definitions for a task: PageRank over the reference edges, personalised to what it mentions.</summary>
    public SymbolRanking Rank(TaskMentions mentions)
    {
        var n = Files.Count;
        if (n == 0)
        {
            return new SymbolRanking([], [], mentions);
        }

        var personalization = new double[n];
        foreach (var path in mentions.Files)
        {
            if (FileIndex.TryGetValue(path, out var file))
            {
                personalization[file] += 1;
            }
        }

        foreach (var name in mentions.Identifiers)
        {
            if (DefiningFiles.TryGetValue(name, out var files))
            {
                foreach (var file in files)
                {
                    personalization[file] += 1.0 / files.Count;
                }
            }
        }

        var total = personalization.Sum();
        for (var i = 0; i < n; i++)
        {
            personalization[i] = total > 0 ? personalization[i] / total : 1.0 / n;
        }

        var weights = new double[_edges.Count];
        var outWeight = new double[n];
        var mentionedFiles = mentions.Files.Select(p => FileIndex.GetValueOrDefault(p, -1)).Where(i => i >= 0).ToHashSet();
        for (var e = 0; e < _edges.Count; e++)
        {
            var edge = _edges[e];
            var weight = edge.Weight;
            if (mentions.Identifiers.Contains(edge.Name))
            {
                weight *= 10;
            }

            if (mentionedFiles.Contains(edge.From))
            {
                weight *= 50;
            }

            weights[e] = weight;
            outWeight[edge.From] += weight;
        }

        var rank = PageRank(personalization, weights, outWeight);
        var symbolRanks = new double[Definitions.Count];
        var byFileAndName = new Dictionary<(int File, string Name), List<int>>();
        var definitionsPerFile = new int[n];
        for (var d = 0; d < Definitions.Count; d++)
        {
            var definition = Definitions[d];
            definitionsPerFile[definition.File]++;
            var key = (definition.File, definition.Definition.Name);
            if (!byFileAndName.TryGetValue(key, out var list))
            {
                list = [];
                byFileAndName[key] = list;
            }

            list.Add(d);
        }

        for (var e = 0; e < _edges.Count; e++)
        {
            var edge = _edges[e];
            if (byFileAndName.TryGetValue((edge.To, edge.Name), out var targets))
            {
                var share = rank[edge.From] * weights[e] / outWeight[edge.From] / targets.Count;
                foreach (var target in targets)
                {
                    symbolRanks[target] += share;
                }
            }
        }

        // Symbols nobody uses yet still inherit a little of their file's rank, so every file can appear in the map.
        for (var d = 0; d < Definitions.Count; d++)
        {
            var file = Definitions[d].File;
            symbolRanks[d] += 0.05 * rank[file] / definitionsPerFile[file];
            if (mentions.Identifiers.Contains(Definitions[d].Definition.Name))
            {
                symbolRanks[d] += 1; // Named by the task: first in line.
            }
        }

        return new SymbolRanking(rank, symbolRanks, mentions) { Graph = this };
    }

    private double[] PageRank(double[] personalization, double[] weights, double[] outWeight)
    {
        const double damping = 0.85;
        var n = personalization.Length;
        var rank = (double[])personalization.Clone();
        var next = new double[n];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var dangling = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (outWeight[i] == 0)
                {
                    dangling += rank[i];
                }
            }

            for (var i = 0; i < n; i++)
            {
                next[i] = (1 - damping + damping * dangling) * personalization[i];
            }

            for (var e = 0; e < _edges.Count; e++)
            {
                var edge = _edges[e];
                next[edge.To] += damping * rank[edge.From] * weights[e] / outWeight[edge.From];
            }

            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                change += Math.Abs(next[i] - rank[i]);
            }

            (rank, next) = (next, rank);
            if (change < 1e-9)
            {
                break;
            }
        }

        return rank;
    }

    /// <summary>Aider's weighting: long compound names say more, private ones less, names defined everywhere little.</summary>
    private static double StaticWeight(string name, int definingFileCount)
    {
        var weight = 1.0;
        var compound = name.Contains('_', StringComparison.Ordinal) || name.Skip(1).Any(char.IsUpper);
        if (compound && name.Length >= 8)
        {
            weight *= 10;
        }

        if (name.StartsWith('_'))
        {
            weight *= 0.1;
        }

        if (definingFileCount > 5)
        {
            weight *= 0.1;
        }

        return weight;
    }

    private readonly record struct Edge(int From, int To, string Name, double Weight);
}

/// <summary>A definition and where it lives: its file (path and index in the graph) and its chunk (index in the snapshot).</summary>
public sealed record RankedSymbol(string Path, int File, int Chunk, SymbolDefinition Definition);
