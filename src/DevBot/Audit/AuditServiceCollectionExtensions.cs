using DevBot.Users;

namespace DevBot.Audit;

internal static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditTrail>();
        services.AddScoped<AuditQueries>();
        services.AddSingleton<IAccountChangeHook, AccountAudit>();
        return services;
    }
}
