using DevBot.Data;
using DevBot.Projects.Events;
using DevBot.Projects.Versions;
using Microsoft.Extensions.Options;

namespace DevBot.Projects.Imports;

/// <summary>A project made from an upload: version 1, completed, ready for changes.</summary>
/// <param name="WrapperFolder">The one top-level folder that wrapped everything and was unwrapped, or null.</param>
public sealed record ImportedProject(Project Project, int TextFiles, int BinaryFiles, IReadOnlyList<string> Ignored, string? WrapperFolder);

/// <summary>What became of an upload.</summary>
public abstract record ImportOutcome
{
    public sealed record Imported(ImportedProject Project) : ImportOutcome;

    /// <summary>Nothing was stored; the sentence names the entry at fault.</summary>
    public sealed record Refused(string Reason) : ImportOutcome;
}

/// <summary>
/// Brings the user's own code in: the ZIP is read and checked in full first (<see cref="ZipImport"/>), then the
/// project, its version 1 (kind import), one commit of its files and its archive (with git history) are stored
/// together. Text files go to <c>project_files</c> and the retrieval index; binary files are kept in the history and
/// the ZIP only. Changes then work as on any delivered project.
/// </summary>
public sealed class ProjectImporter(
    DevBotDbContext db,
    ProjectHistory history,
    ProjectVersions versions,
    VersionArchives archives,
    ProjectEventLog eventLog,
    ProjectEventSignal events,
    IEnumerable<IProjectFilesObserver> observers,
    IOptions<ProjectLimits> limits,
    TimeProvider time,
    ILogger<ProjectImporter> logger)
{
    /// <param name="fileName">The upload's name (for the title when none is given).</param>
    public async Task<ImportOutcome> ImportAsync(Guid userId, Stream zip, string? fileName, string? title, CancellationToken cancellationToken)
    {
        if (title is not null && title.Trim().Length > ProjectLimits.MaxTitleLength)
        {
            return new ImportOutcome.Refused($"The title is too long; keep it under {ProjectLimits.MaxTitleLength} characters.");
        }

        ImportedTree tree;
        switch (ZipImport.Read(zip, limits.Value))
        {
            case ZipReading.Read read:
                tree = read.Tree;
                break;
            case ZipReading.Refused refused:
                return new ImportOutcome.Refused(refused.Reason);
            default:
                throw new InvalidOperationException("Unknown ZIP reading.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var name = TitleOf(title, tree.WrapperFolder, fileName);
        var project = new Project
        {
            UserId = userId,
            Title = name,
            Description = $"The user's own code, imported from {(string.IsNullOrWhiteSpace(fileName) ? "a ZIP archive" : Path.GetFileName(fileName))}.",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var text = tree.Files.Where(f => f.Text is not null).ToDictionary(f => f.Path, f => f.Text!, StringComparer.Ordinal);
        var binary = tree.Files.Where(f => f.Text is null).ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var message = $"Import {name}";
        var body = $"{tree.Files.Count} files uploaded by the user ({binary.Count} binary)." + (tree.Ignored.Count > 0 ? $" Left out: {tree.Ignored.Count} entries of .git or __MACOSX." : string.Empty);

        // The archive first: if storing it fails, nothing is in the database.
        var contents = tree.Files.GroupBy(f => FileContent.Sha256(f.Content)).ToDictionary(g => g.Key, g => g.First().Content, StringComparer.Ordinal);
        var commit = new HistoryCommit(1, 1, CommitKind.Import, message, body, now,
            tree.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => (f.Path, (string?)FileContent.Sha256(f.Content))).ToList());
        var archive = await archives.StoreAsync(project.Id, 1, [commit], contents, time.GetUtcNow(), cancellationToken);

        db.Set<Project>().Add(project);
        versions.Add(new ProjectVersion
        {
            ProjectId = project.Id,
            Version = 1,
            Kind = VersionKind.Import,
            Status = VersionStatus.Completed,
            FilesChanged = tree.Files.Count,
            LinesAdded = text.Values.Sum(CountLines),
            ArchiveKey = archive.Key,
            ArchiveSize = archive.Size,
            CreatedAt = now,
            CompletedAt = now,
        });
        await history.StageCommitAsync(new CommitDraft(project.Id, 1, CommitKind.Import, message, body, text, now) { Binary = binary }, cancellationToken);
        project.Complete(archive.Key, archive.Size, now);
        eventLog.Append(project.Id, new VersionCreated(1, VersionKind.Import, null, new DiffStat(tree.Files.Count, text.Values.Sum(CountLines), 0)), now);
        await db.SaveChangesAsync(cancellationToken);
        events.Pulse(project.Id);
        await IndexAsync(project.Id, text.Keys.ToList(), cancellationToken);
        return new ImportOutcome.Imported(new ImportedProject(project, text.Count, binary.Count, tree.Ignored, tree.WrapperFolder));
    }

    private static string TitleOf(string? title, string? wrapper, string? fileName)
    {
        var chosen = !string.IsNullOrWhiteSpace(title) ? title.Trim()
            : wrapper ?? (string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileNameWithoutExtension(Path.GetFileName(fileName)));
        chosen = string.IsNullOrWhiteSpace(chosen) ? "Imported project" : chosen.Trim();
        return chosen.Length <= ProjectLimits.MaxTitleLength ? chosen : chosen[..ProjectLimits.MaxTitleLength];
    }

    internal static int CountLines(string content) =>
        content.Length == 0 ? 0 : content.Count(c => c == '\n') + (content.EndsWith('\n') ? 0 : 1);

    private async Task IndexAsync(Guid projectId, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnFilesCommittedAsync(projectId, paths, [], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The project is imported; its index catches up on its own.
                logger.LogError(ex, "Files observer {Observer} failed for imported project {ProjectId}", observer.GetType().Name, projectId);
            }
        }
    }
}
