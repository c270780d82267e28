using Microsoft.Extensions.Options;

namespace DevBot.Sandbox;

/// <summary>Checks the sandbox settings on start, with messages that name the variable to fix.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    private static readonly string[] Modes = ["auto", "bwrap", "bubblewrap", "docker", "off"];

    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = new List<string>();
        if (!Modes.Contains(options.Mode.Trim().ToLowerInvariant()))
        {
            failures.Add($"SANDBOX must be auto, bwrap, docker or off (it is '{options.Mode}').");
        }

        if (string.IsNullOrWhiteSpace(options.BwrapPath))
        {
            failures.Add("SANDBOX_BWRAP_PATH must name the bubblewrap executable (default: bwrap).");
        }

        if (string.IsNullOrWhiteSpace(options.DockerPath))
        {
            failures.Add("SANDBOX_DOCKER_PATH must name the docker client (default: docker).");
        }

        foreach (var path in options.ToolPathList.Where(p => !Path.IsPathFullyQualified(p)))
        {
            failures.Add($"SANDBOX_TOOL_PATHS must hold absolute folders separated by ':' ('{path}' is not absolute).");
        }

        foreach (var (variable, image) in new[]
        {
            ("SANDBOX_DOCKER_IMAGE", options.DockerImage), ("SANDBOX_DOCKER_IMAGE_PYTHON", options.DockerImagePython),
            ("SANDBOX_DOCKER_IMAGE_NODE", options.DockerImageNode), ("SANDBOX_DOCKER_IMAGE_DOTNET", options.DockerImageDotNet),
            ("SANDBOX_DOCKER_IMAGE_GO", options.DockerImageGo),
        })
        {
            if (string.IsNullOrWhiteSpace(image) || image.Any(char.IsWhiteSpace) || image.StartsWith('-'))
            {
                failures.Add($"{variable} must be a Docker image reference such as python:3.12-slim (it is '{image}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
