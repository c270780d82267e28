namespace DevBot.Pipeline;

/// <summary>
/// Thrown from anywhere in a build step to park the build (e.g. out of credits) instead of failing it.
/// The build resumes from its last completed step when put back in line.
/// </summary>
public sealed class BuildPausedException(string reason) : Exception(reason);
