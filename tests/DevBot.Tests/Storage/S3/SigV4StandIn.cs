using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DevBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DevBot.Tests.Storage.S3;

/// <summary>
/// A tiny S3 endpoint that does what s3rver does not: it verifies AWS Signature Version 4 exactly as S3 does
/// (header and query-string/presigned forms) for one access key and secret, and answers 403 with S3's error codes
/// otherwise. Objects are kept in memory; enough of S3 for PUT/GET object and HEAD bucket.
/// </summary>
internal sealed class SigV4StandIn : IAsyncDisposable
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    private readonly WebApplication _app;
    private readonly string _accessKeyId;
    private readonly string _secret;
    private readonly ConcurrentDictionary<string, byte[]> _objects = new();
    private readonly ConcurrentQueue<SignedRequest> _accepted = new();

    private SigV4StandIn(WebApplication app, string accessKeyId, string secret)
    {
        (_app, _accessKeyId, _secret) = (app, accessKeyId, secret);
    }

    public string Endpoint { get; private set; } = "";

    /// <summary>Requests whose signature was valid, in arrival order.</summary>
    public IReadOnlyList<SignedRequest> Accepted => _accepted.ToArray();

    public static async Task<SigV4StandIn> StartAsync(string accessKeyId, string secret)
    {
        var app = LoopbackServer.Create();
        var standIn = new SigV4StandIn(app, accessKeyId, secret);
        app.Run(standIn.HandleAsync);
        standIn.Endpoint = await LoopbackServer.StartAsync(app);
        return standIn;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var payload = body.ToArray();

        var verdict = Verify(context, payload);
        if (verdict.Error is not null)
        {
            await ErrorAsync(context, 403, verdict.Error, verdict.Message!);
            return;
        }

        _accepted.Enqueue(verdict.Request!);
        var path = request.Path.Value!.Trim('/');
        switch (request.Method)
        {
            case "PUT":
                _objects[path] = payload;
                return;
            case "GET" when _objects.TryGetValue(path, out var content):
                context.Response.ContentType = request.Query["response-content-type"].FirstOrDefault() ?? "application/octet-stream";
                await context.Response.Body.WriteAsync(content);
                return;
            case "HEAD" when !path.Contains('/', StringComparison.Ordinal):
                return;
            default:
                await ErrorAsync(context, 404, "NoSuchKey", "The specified key does not exist.");
                return;
        }
    }

    private (SignedRequest? Request, string? Error, string? Message) Verify(HttpContext context, byte[] payload)
    {
        var request = context.Request;
        var query = ParseRawQuery(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
        var presigned = query.Any(p => p.Name == "X-Amz-Signature");
        string credential, signedHeaders, signature, amzDate, payloadHash;
        if (presigned)
        {
            credential = Value(query, "X-Amz-Credential");
            signedHeaders = Value(query, "X-Amz-SignedHeaders");
            signature = Value(query, "X-Amz-Signature");
            amzDate = Value(query, "X-Amz-Date");
            payloadHash = "UNSIGNED-PAYLOAD";
            var expires = int.Parse(Value(query, "X-Amz-Expires"), CultureInfo.InvariantCulture);
            if (ParseDate(amzDate).AddSeconds(expires) < DateTimeOffset.UtcNow)
            {
                return (null, "AccessDenied", "Request has expired");
            }
        }
        else
        {
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            {
                return (null, "AccessDenied", "Only AWS4-HMAC-SHA256 signatures are accepted.");
            }

            var parts = authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            (credential, signedHeaders, signature) = (parts["Credential"], parts["SignedHeaders"], parts["Signature"]);
            amzDate = request.Headers["x-amz-date"].ToString();
            payloadHash = request.Headers["x-amz-content-sha256"].ToString();
            if (payloadHash != Convert.ToHexStringLower(SHA256.HashData(payload)))
            {
                // Chunked (STREAMING-...) uploads included: the content must be sent as it is to be stored.
                return (null, "XAmzContentSHA256Mismatch", $"The payload hash '{payloadHash}' is not the body's.");
            }
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0] != _accessKeyId)
        {
            return (null, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        }

        var (date, region, service) = (scope[1], scope[2], scope[3]);
        var canonicalHeaders = string.Concat(signedHeaders.Split(';').Select(h => $"{h}:{CollapseSpaces(request.Headers[h].ToString())}\n"));
        var canonicalQuery = string.Join('&', query.Where(p => p.Name != "X-Amz-Signature")
            .Select(p => (Name: Encode(p.Name), Value: Encode(p.Value))).OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var rawPath = context.Features.Get<IHttpRequestFeature>()!.RawTarget.Split('?')[0];
        var canonicalRequest = string.Join('\n', request.Method, rawPath, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash);
        var stringToSign = string.Join('\n', Algorithm, amzDate, string.Join('/', scope[1..]), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + _secret), date);
        key = Hmac(Hmac(Hmac(key, region), service), "aws4_request");
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            return (null, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        }

        return (new SignedRequest(request.Method, rawPath, region, service, date, presigned, request.Host.Value!), null, null);
    }

    private static List<(string Name, string Value)> ParseRawQuery(string rawTarget)
    {
        var index = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return index < 0
            ? []
            : rawTarget[(index + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .Select(p => (Uri.UnescapeDataString(p[0]), p.Length == 2 ? Uri.UnescapeDataString(p[1]) : ""))
                .ToList();
    }

    private static string Value(List<(string Name, string Value)> query, string name) => query.First(p => p.Name == name).Value;

    private static DateTimeOffset ParseDate(string amzDate) =>
        DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>SigV4's URI encoding: everything but unreserved characters as %XX, upper-case hex.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' ? c.ToString() : $"%{b:X2}");
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        if (context.Request.Method != "HEAD")
        {
            await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record SignedRequest(string Method, string Path, string Region, string Service, string Date, bool Presigned, string Host);
