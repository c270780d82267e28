using System.Text;
using DevBot.Llm;

namespace DevBot.Agents;

/// <summary>
/// The simple context: a listing of the project's files, then the whole content of the files the task
/// names, as many as fit the budget. Retrieval replaces it with ranked search when registered.
/// </summary>
public sealed class NamedFilesContextProvider : ICodeContextProvider
{
    private const int MaxListedFiles = 200;

    public Task<CodeContext> GetContextAsync(CodeContextRequest request, CancellationToken cancellationToken)
    {
        if (request.Files.Count == 0)
        {
            return Task.FromResult(CodeContext.Empty);
        }

        var builder = new StringBuilder();
        builder.AppendLine("Files in the project:");
        foreach (var path in request.Files.Keys.Order(StringComparer.Ordinal).Take(MaxListedFiles))
        {
            builder.Append("- ").Append(path).Append(" (").Append(request.Files[path].Length).AppendLine(" chars)");
        }

        if (request.Files.Count > MaxListedFiles)
        {
            builder.Append("- … and ").Append(request.Files.Count - MaxListedFiles).AppendLine(" more");
        }

        var taskText = request.TaskTitle + "\n" + request.TaskDetails;
        var named = request.Files.Keys
            .Where(path => taskText.Contains(path, StringComparison.OrdinalIgnoreCase)
                || taskText.Contains(Path.GetFileName(path), StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var path in named)
        {
            var section = $"\n{path}\n```\n{request.Files[path]}\n```\n";
            if (TokenEstimate.Of(builder.Length + section.Length) > request.BudgetTokens)
            {
                break;
            }

            builder.Append(section);
        }

        var text = builder.ToString();
        return Task.FromResult(new CodeContext(text, TokenEstimate.Of(text)));
    }
}
