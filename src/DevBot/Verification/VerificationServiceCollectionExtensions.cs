namespace DevBot.Verification;

internal static class VerificationServiceCollectionExtensions
{
    public static IServiceCollection AddDevBotVerification(this IServiceCollection services)
    {
        services.AddSingleton<ProjectChecks>();
        return services;
    }
}
