using Microsoft.AspNetCore.Authentication;

namespace DevBot.Users;

public static class UsersServiceCollectionExtensions
{
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddDevBotUsers(this IServiceCollection services)
    {
        services.AddScoped<UserAccounts>();
        services.AddScoped<ApiKeys>();
        services.AddSingleton<ApiKeyUsage>();
        services.AddHostedService<ApiKeyUsageWriter>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireClaim(ApiKeyAuthenticationHandler.AdminClaim, "true"));
        return services;
    }
}
