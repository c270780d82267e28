namespace DevBot.Agents;

/// <summary>Chooses the existing code an agent sees for a task, within a token budget.</summary>
public interface ICodeContextProvider
{
    Task<CodeContext> GetContextAsync(CodeContextRequest request, CancellationToken cancellationToken);
}

/// <param name="Files">The project's files as the agent will see them (committed plus staged changes).</param>
public sealed record CodeContextRequest(
    Guid ProjectId,
    string TaskTitle,
    string TaskDetails,
    IReadOnlyDictionary<string, string> Files,
    int BudgetTokens);

public sealed record CodeContext(string Text, int Tokens)
{
    public static readonly CodeContext Empty = new(string.Empty, 0);
}
