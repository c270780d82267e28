using DevBot.Projects.Versions;
using DevBot.Users;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DevBot.Projects.Imports;

/// <summary>The imported project as the API answers it.</summary>
public sealed record ImportedProjectView(
    Guid Id, string Title, string Status, int Version, VersionKind Kind, int Files, int BinaryFiles, IReadOnlyList<string> Ignored);

/// <summary><c>POST /api/v1/projects/import</c>: the user's own code as a ZIP (multipart part <c>file</c>, optional <c>title</c>).</summary>
public static class ImportEndpoints
{
    /// <summary>Room for the multipart framing and the title around the file itself.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder projects)
    {
        projects.MapPost("/import", ImportAsync)
            .WithSummary("Import your own code from a ZIP (multipart: file, optional title); it becomes version 1, ready for changes.")
            .Accepts<IFormFile>("multipart/form-data");
        return projects;
    }

    private static async Task<Results<Created<ImportedProjectView>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, ProjectImporter importer, IOptions<ProjectLimits> limits, CancellationToken cancellationToken)
    {
        var maxBytes = limits.Value.MaxImportBytes;
        if (request.ContentLength > maxBytes + FormOverheadBytes)
        {
            return TooLarge(request.ContentLength.Value, maxBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBytes + FormOverheadBytes;
        }

        if (!request.HasFormContentType)
        {
            return Invalid("Send the ZIP as multipart/form-data, in a part named 'file'.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes + FormOverheadBytes }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Invalid($"The upload could not be read: {e.Message}");
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return Invalid("Send the ZIP in a part named 'file'.");
        }

        if (file.Length > maxBytes)
        {
            return TooLarge(file.Length, maxBytes);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var title = form.TryGetValue("title", out var titles) ? titles.ToString() : null;
        return await importer.ImportAsync(request.HttpContext.User.UserId(), buffer, file.FileName, title, cancellationToken) switch
        {
            ImportOutcome.Imported { Project: var imported } => TypedResults.Created(
                $"/api/v1/projects/{imported.Project.Id}",
                new ImportedProjectView(imported.Project.Id, imported.Project.Title, imported.Project.Status.ToApi(), imported.Project.Version, VersionKind.Import,
                    imported.TextFiles + imported.BinaryFiles, imported.BinaryFiles, imported.Ignored)),
            ImportOutcome.Refused refused => Invalid(refused.Reason),
            _ => throw new InvalidOperationException("Unknown import outcome."),
        };
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid import", detail: detail);

    private static ProblemHttpResult TooLarge(long size, int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large",
            detail: $"The upload is {size} bytes; imports may be {maxBytes} bytes at most (MAX_IMPORT_BYTES).");
}
