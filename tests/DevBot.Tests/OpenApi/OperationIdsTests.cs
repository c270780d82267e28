using DevBot.OpenApi;

namespace DevBot.Tests.OpenApi;

public sealed class OperationIdsTests
{
    [Theory]
    [InlineData("GET", "api/v1/projects", "getProjects")]
    [InlineData("GET", "api/v1/projects/{id}", "getProjectsById")]
    [InlineData("POST", "api/v1/projects/{id}/cancel", "postProjectsByIdCancel")]
    [InlineData("GET", "api/v1/projects/{id}/files/{path}", "getProjectsByIdFilesByPath")]
    [InlineData("PUT", "api/v1/admin/pricing", "putAdminPricing")]
    [InlineData("GET", "api/v1/projects/{id}/versions/{version}/changes", "getProjectsByIdVersionsByVersionChanges")]
    [InlineData("POST", "api/v1/telegram/link-code", "postTelegramLinkCode")]
    [InlineData("GET", "health/live", "getHealthLive")]
    [InlineData("GET", "api/v2/things?limit=1", "getThings")]
    public void An_unnamed_operation_is_named_after_its_method_and_route(string method, string route, string expected)
    {
        OperationIds.FromRoute(method, route).ShouldBe(expected);
    }
}
