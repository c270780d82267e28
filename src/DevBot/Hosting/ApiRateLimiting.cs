using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using DevBot.Shared;
using DevBot.Users;
using Microsoft.Extensions.Options;

namespace DevBot.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter, one fixed one-minute window per API key (<c>RATE_LIMIT_PER_MINUTE</c>). Requests
/// without a valid key are not counted here (they get 401 anyway); neither are health, metrics and webhooks.
/// Beyond the limit: 429 problem+json with <c>Retry-After</c> (seconds until the window ends).
/// </summary>
public static class ApiRateLimiting
{
    public static IServiceCollection AddDevBotRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(string.Empty).ValidateByVariableName().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value.PerMinute;
                return http.User.ApiKeyId() is { } keyId && perMinute > 0
                    ? RateLimitPartition.GetFixedWindowLimiter(keyId, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty);
            });
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        var perMinute = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value.PerMinute;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"This API key made more than {perMinute} requests in a minute; try again in {retryAfter} seconds.")
            .ExecuteAsync(http);
    }
}
