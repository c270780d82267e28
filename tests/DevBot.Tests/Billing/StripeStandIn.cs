using System.Collections.Concurrent;
using DevBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevBot.Tests.Billing;

/// <summary>One request Stripe's API received: its bearer token, idempotency key and form fields.</summary>
internal sealed record StripeRequest(string Path, string Authorization, string? IdempotencyKey, Dictionary<string, string> Form);

/// <summary>
/// Stripe's Checkout Sessions endpoint on loopback, speaking Stripe's wire format (form-encoded requests, JSON
/// answers, <c>{"error": {...}}</c> on failure), so the product's real HTTP client is exercised end to end.
/// </summary>
internal sealed class StripeStandIn : IAsyncDisposable
{
    public const string SecretKey = "sk_test_devbot";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<StripeRequest> _requests = new();

    private StripeStandIn(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<StripeRequest> Requests => _requests.ToArray();

    /// <summary>When set, the next session creation fails with this Stripe error message (HTTP 400).</summary>
    public string? FailWith { get; set; }

    public static async Task<StripeStandIn> StartAsync()
    {
        var app = LoopbackServer.Create();
        var server = new StripeStandIn(app);
        app.MapPost("/v1/checkout/sessions", (Delegate)server.CreateSessionAsync);
        server.BaseUrl = await LoopbackServer.StartAsync(app);
        return server;
    }

    private async Task<IResult> CreateSessionAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var request = new StripeRequest(
            context.Request.Path,
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers["Idempotency-Key"].FirstOrDefault(),
            form.ToDictionary(f => f.Key, f => f.Value.ToString()));
        _requests.Enqueue(request);
        if (request.Authorization != $"Bearer {SecretKey}")
        {
            return Results.Json(new { error = new { type = "invalid_request_error", message = "Invalid API Key provided." } }, statusCode: 401);
        }

        if (FailWith is { } message)
        {
            FailWith = null;
            return Results.Json(new { error = new { type = "invalid_request_error", message } }, statusCode: 400);
        }

        var id = "cs_test_" + Guid.NewGuid().ToString("N");
        return Results.Json(new
        {
            id,
            @object = "checkout.session",
            mode = form["mode"].ToString(),
            client_reference_id = form["client_reference_id"].ToString(),
            payment_status = "unpaid",
            status = "open",
            url = $"https://checkout.stripe.com/c/pay/{id}",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
