namespace DevBot.Verification;

/// <summary>
/// An error a compiler or checker reported: <paramref name="Path"/> relative to the project ("" when the tool named
/// no file), <paramref name="Line"/> when it named one, the message, and the tool ("python", "node", "dotnet", "go vet").
/// </summary>
public sealed record StaticFinding(string Path, int? Line, string Message, string Tool);
