using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Deployment;

/// <summary>
/// The deployment files (Dockerfile, compose files, Kubernetes kustomizations, fly.toml, Cloud Run YAML) pass
/// scripts/lint-deploy.sh. It runs as a test so the test command fails on a lint error and counts it in its
/// "N passed, N failed" line; it needs node/npm (the linters install once into a cache) and, to render the overlays,
/// kubectl or kustomize (without them every manifest is still validated on its own).
/// </summary>
public sealed class DeploymentLintTests
{
    [Fact]
    public async Task Every_deployment_file_passes_its_linter_and_schema()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var result = await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "lint-deploy.sh")], RepositoryRoot.Path, timeout.Token);

        result.ExitCode.ShouldBe(0, result.Output);
        result.Output.ShouldContain("deployment files: all valid");
    }
}
