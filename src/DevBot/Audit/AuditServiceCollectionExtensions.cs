using DevBot.Users;

namespace DevBot.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditTrail>();
        services.AddScoped<AuditQueries>();
        services.AddSingleton<IAccountChangeHook, AccountAudit>();
        return services;
    }
}
