namespace DevBot.Projects;

/// <summary>
/// Which status may follow which. A build moves forward through its steps; it may pause for credits at any step
/// and is put back in line from there; a resumed or re-claimed build re-enters at whatever step it had reached (a
/// step may follow itself). Completed, failed and cancelled are final.
/// </summary>
internal static class ProjectStatusTransitions
{
    private static readonly ProjectStatus[] Running =
        [ProjectStatus.Planning, ProjectStatus.Implementing, ProjectStatus.Testing, ProjectStatus.Documenting, ProjectStatus.Packaging];

    public static bool IsAllowed(ProjectStatus from, ProjectStatus to) => from switch
    {
        _ when from.IsTerminal() => false,
        ProjectStatus.AwaitingCredits => to is ProjectStatus.Queued or ProjectStatus.AwaitingCredits or ProjectStatus.Failed or ProjectStatus.Cancelled,
        ProjectStatus.Queued => to != ProjectStatus.Queued,
        _ => to != ProjectStatus.Queued && (!Running.Contains(to) || Array.IndexOf(Running, to) >= Array.IndexOf(Running, from)),
    };
}
