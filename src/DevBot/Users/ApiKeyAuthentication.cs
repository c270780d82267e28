using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DevBot.Users;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api key&gt;</c> against the stored key hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AdminClaim = "devbot:admin";

    /// <summary>The id of the key the request came with (rate limits are per key).</summary>
    public const string KeyClaim = "devbot:key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }

        if (await keys.AuthenticateAsync(key, Context.RequestAborted) is not { } owner)
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, owner.UserId.ToString()),
            new(ClaimTypes.Name, owner.Name),
            new(KeyClaim, owner.KeyId.ToString()),
        };
        if (owner.IsAdmin)
        {
            claims.Add(new Claim(AdminClaim, "true"));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "Send a valid API key as 'Authorization: Bearer <key>'. Create one with 'devbot users create --name NAME'.")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: "This action needs an administrator's API key.")
            .ExecuteAsync(Context);
    }
}

public static class CurrentUser
{
    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request is not authenticated."));

    /// <summary>The API key the request authenticated with, or null for an anonymous request.</summary>
    public static string? ApiKeyId(this ClaimsPrincipal principal) => principal.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim);

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.HasClaim(ApiKeyAuthenticationHandler.AdminClaim, "true");
}
