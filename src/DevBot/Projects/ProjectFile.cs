namespace DevBot.Projects;

/// <summary>
/// A file of a generated project. Files live in the database so that a task's files and its verdict are
/// committed in one transaction, and so that any worker machine sharing the database sees them.
/// </summary>
internal sealed class ProjectFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public required string Path { get; set; }
    public required string Content { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public DateTime UpdatedAt { get; set; }
}
