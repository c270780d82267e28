using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.OpenApi;

/// <summary>
/// The npm tools of scripts/openapi-tools.sh (redocly, openapi-typescript, openapi-fetch, tsc): the folder
/// scripts/test.sh exported as DEVBOT_OPENAPI_TOOLS, or the script run now (it installs once, then only prints).
/// </summary>
public static class OpenApiTools
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    public static async Task<string> FolderAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("DEVBOT_OPENAPI_TOOLS") is { Length: > 0 } exported)
        {
            return exported;
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_folder is null)
            {
                var result = await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "openapi-tools.sh")], RepositoryRoot.Path, cancellationToken);
                result.EnsureSuccess("scripts/openapi-tools.sh");
                _folder = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .First(line => line.StartsWith('/') && Directory.Exists(line));
            }

            return _folder;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<string> CommandAsync(string name, CancellationToken cancellationToken) =>
        Path.Combine(await FolderAsync(cancellationToken), "node_modules", ".bin", name);
}
