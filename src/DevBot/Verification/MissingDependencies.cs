using System.Text.RegularExpressions;

namespace DevBot.Verification;

/// <summary>
/// Recognises a run that failed because third-party packages were not there — not because the code is wrong: a
/// Python module that is not part of the project, a Node package, a NuGet package or source, a Go module. The
/// pipeline reports such a run as "dependencies unavailable" instead of sending the code to be fixed.
/// </summary>
internal static partial class MissingDependencies
{
    public static IReadOnlyList<string> Find(string output, IReadOnlyDictionary<string, string> files)
    {
        var set = new ProjectFileSet(files);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in PythonModule().Matches(output))
        {
            var module = match.Groups["name"].Value.Split('.')[0];
            if (!IsProjectPythonModule(set, module))
            {
                names.Add(module);
            }
        }

        foreach (Match match in NodePackage().Matches(output))
        {
            if (PackageName(match.Groups["name"].Value) is { } package && !IsProjectFolder(set, package))
            {
                names.Add(package);
            }
        }

        foreach (Match match in NuGetPackage().Matches(output))
        {
            names.Add(match.Groups["name"].Value);
        }

        if (NuGetSource().IsMatch(output) && names.Count == 0)
        {
            names.Add("NuGet packages (the package source is unreachable)");
        }

        foreach (Match match in GoModule().Matches(output))
        {
            names.Add(match.Groups["name"].Value);
        }

        return [.. names];
    }

    // The project's own module (a file or a package folder anywhere: tests may put src/ on the path) is a code bug, not a dependency.
    private static bool IsProjectPythonModule(ProjectFileSet files, string module) =>
        files.Paths.Any(p => p.Split('/') is var segments
            && (segments[^1] == module + ".py" || segments.SkipLast(1).Contains(module, StringComparer.Ordinal)));

    private static bool IsProjectFolder(ProjectFileSet files, string name) =>
        files.Paths.Any(p => p.StartsWith(name + "/", StringComparison.Ordinal) || p == name + ".js");

    // "lodash/fp" is the package lodash, "@scope/pkg/sub" is @scope/pkg; relative and absolute paths are the project's own.
    private static string? PackageName(string specifier)
    {
        if (specifier.StartsWith('.') || specifier.StartsWith('/') || specifier.StartsWith("node:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = specifier.Split('/');
        return specifier.StartsWith('@') && parts.Length >= 2 ? parts[0] + "/" + parts[1] : parts[0];
    }

    [GeneratedRegex(@"(?:ModuleNotFoundError|ImportError): No module named '(?<name>[\w.]+)'")]
    private static partial Regex PythonModule();

    [GeneratedRegex(@"Cannot find (?:module|package) '(?<name>[^']+)'")]
    private static partial Regex NodePackage();

    [GeneratedRegex(@"error NU110[0-2]: Unable to (?:find|resolve) (?:package )?'?(?<name>[\w-]+(?:\.[\w-]+)*)")]
    private static partial Regex NuGetPackage();

    [GeneratedRegex(@"error NU1301: ")]
    private static partial Regex NuGetSource();

    [GeneratedRegex(@"no required module provides package (?<name>[\w./-]+)|missing go\.sum entry for module providing package (?<name>[\w./-]+)|(?<name>[\w.-]+\.[a-z]{2,}/[\w./-]+)@v[\w.+-]+: (?:Get|dial|module lookup disabled)")]
    private static partial Regex GoModule();
}
