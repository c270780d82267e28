using DevBot.Retrieval.Chunking;
using DevBot.Retrieval.Indexing;

namespace DevBot.Retrieval.Symbols;

/// <summary>
/// Which file defines which symbol and which files use it: an edge runs from a file to every other file that
/// defines a name it uses. Ranked per task with personalised PageRank, the way Aider's repository map does.
/// </summary>
internal sealed class SymbolGraph
{
    /// <summary>A name defined in more files than this says nothing about which one is meant (get, run, close).</summary>
    public const int MaxDefiningFiles = 10;

    private readonly List<Edge> _edges = [];
    private readonly int[] _edgePair;
    private readonly (int From, int To)[] _pairs;
    private readonly int[][] _edgeTargets;
    private readonly int[] _definitionsPerFile;
    private readonly Dictionary<string, int[]> _definitionsByName;

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
                if (!definingFiles.TryGetValue(name, out var targets) || !Identifies(name, targets.Count))
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

        // PageRank walks file-to-file edges: the parallel edges of several names between two files are one edge.
        var pairs = new Dictionary<(int From, int To), int>();
        _edgePair = new int[_edges.Count];
        for (var e = 0; e < _edges.Count; e++)
        {
            var key = (_edges[e].From, _edges[e].To);
            if (!pairs.TryGetValue(key, out var pair))
            {
                pair = pairs.Count;
                pairs[key] = pair;
            }

            _edgePair[e] = pair;
        }

        _pairs = new (int From, int To)[pairs.Count];
        foreach (var (key, pair) in pairs)
        {
            _pairs[pair] = key;
        }

        // Which definitions each edge points at, and how many definitions each file has: fixed per snapshot.
        var byFileAndName = new Dictionary<(int File, string Name), List<int>>();
        _definitionsPerFile = new int[files.Count];
        for (var d = 0; d < definitions.Count; d++)
        {
            var definition = definitions[d];
            _definitionsPerFile[definition.File]++;
            var key = (definition.File, definition.Definition.Name);
            if (!byFileAndName.TryGetValue(key, out var list))
            {
                list = [];
                byFileAndName[key] = list;
            }

            list.Add(d);
        }

        _definitionsByName = Enumerable.Range(0, definitions.Count).GroupBy(d => definitions[d].Definition.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _edgeTargets = _edges.Select(e => byFileAndName.TryGetValue((e.To, e.Name), out var targets) ? targets.ToArray() : []).ToArray();
        ChunkCount = chunks.Count;

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

    public int ChunkCount { get; }

    /// <summary>Whether a use of the name points at its definitions: not a Python dunder, not defined everywhere.</summary>
    private static bool Identifies(string name, int definingFileCount) =>
        definingFileCount <= MaxDefiningFiles && !(name.Length > 4 && name.StartsWith("__", StringComparison.Ordinal) && name.EndsWith("__", StringComparison.Ordinal));

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
        var mentionedFiles = new bool[n];
        foreach (var path in mentions.Files)
        {
            if (FileIndex.TryGetValue(path, out var file))
            {
                mentionedFiles[file] = true;
            }
        }

        for (var e = 0; e < _edges.Count; e++)
        {
            var edge = _edges[e];
            var weight = edge.Weight;
            if (mentions.Identifiers.Count > 0 && mentions.Identifiers.Contains(edge.Name))
            {
                weight *= 10;
            }

            if (mentionedFiles[edge.From])
            {
                weight *= 50;
            }

            weights[e] = weight;
            outWeight[edge.From] += weight;
        }

        var pairWeights = new double[_pairs.Length];
        for (var e = 0; e < _edges.Count; e++)
        {
            pairWeights[_edgePair[e]] += weights[e];
        }

        var rank = PageRank(personalization, pairWeights, outWeight);
        var symbolRanks = new double[Definitions.Count];
        for (var e = 0; e < _edges.Count; e++)
        {
            var targets = _edgeTargets[e];
            if (targets.Length > 0)
            {
                var from = _edges[e].From;
                var share = rank[from] * weights[e] / outWeight[from] / targets.Length;
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
            symbolRanks[d] += 0.05 * rank[file] / _definitionsPerFile[file];
        }

        foreach (var name in mentions.Identifiers)
        {
            if (DefiningFiles.ContainsKey(name))
            {
                foreach (var d in _definitionsByName[name])
                {
                    symbolRanks[d] += 1; // Named by the task: first in line.
                }
            }
        }

        return new SymbolRanking(rank, symbolRanks, mentions) { Graph = this };
    }

    private double[] PageRank(double[] personalization, double[] pairWeights, double[] outWeight)
    {
        const double damping = 0.85;
        var n = personalization.Length;
        var rank = (double[])personalization.Clone();
        var next = new double[n];
        for (var iteration = 0; iteration < 40; iteration++)
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

            for (var p = 0; p < _pairs.Length; p++)
            {
                var (from, to) = _pairs[p];
                next[to] += damping * rank[from] * pairWeights[p] / outWeight[from];
            }

            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                change += Math.Abs(next[i] - rank[i]);
            }

            (rank, next) = (next, rank);
            if (change < 1e-7)
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
internal sealed record RankedSymbol(string Path, int File, int Chunk, SymbolDefinition Definition);
