using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace DevBot.Storage.S3;

/// <summary>
/// Objects in an S3-compatible bucket (AWS S3, Cloudflare R2, Supabase Storage, MinIO, ...). A PUT replaces an
/// object atomically, so readers never see half an archive. Presigned URLs are signed with a client for the public
/// endpoint (signing needs no request, and the host is part of the signature).
/// </summary>
internal sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    // SigV4 allows 7 days; a hair less keeps the SDK from falling back to SigV2 when its clock rounds the other way.
    private static readonly TimeSpan MaxPresignLifetime = TimeSpan.FromMinutes(StorageOptionsValidator.MaxPresignMinutes - 1);

    private readonly AmazonS3Client _client;
    private readonly AmazonS3Client _presigner;
    private readonly Protocol _presignProtocol;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly string _where;
    private readonly TimeProvider _time;

    public S3ObjectStore(IOptions<StorageOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        _time = time;
        _bucket = settings.Bucket!.Trim();
        _prefix = settings.NormalizedKeyPrefix;
        _where = string.IsNullOrWhiteSpace(settings.Endpoint) ? $"AWS S3 ({settings.Region})" : settings.Endpoint.Trim();
        _client = S3Clients.Create(settings, settings.Endpoint);
        var publicEndpoint = string.IsNullOrWhiteSpace(settings.PublicEndpoint) ? settings.Endpoint : settings.PublicEndpoint;
        _presigner = publicEndpoint == settings.Endpoint ? _client : S3Clients.Create(settings, publicEndpoint);
        _presignProtocol = publicEndpoint?.Trim().StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS;
    }

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        MemoryStream? buffer = null;
        if (!content.CanSeek)
        {
            // A single PUT needs the length up front.
            buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
        }

        try
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = _prefix + key,
                InputStream = buffer ?? content,
                AutoCloseStream = false,
                ContentType = ContentTypeFor(key),
                // Over plain http the SDK would send aws-chunked framing, which some servers store verbatim.
                UseChunkEncoding = false,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException)
        {
            throw new ObjectStoreException($"The object store did not store '{key}': {Describe(ex)}", ex);
        }
        finally
        {
            if (buffer is not null)
            {
                await buffer.DisposeAsync();
            }
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        try
        {
            var response = await _client.GetObjectAsync(_bucket, _prefix + key, cancellationToken);
            // Disposing the response stream releases the HTTP response; the response object holds nothing else.
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException)
        {
            throw new ObjectStoreException($"The object store did not return '{key}': {Describe(ex)}", ex);
        }
    }

    public Uri? TryGetDownloadUrl(string key, string fileName, TimeSpan lifetime)
    {
        ObjectKeys.Validate(key);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = _prefix + key,
            Verb = HttpVerb.GET,
            Protocol = _presignProtocol,
            Expires = _time.GetUtcNow().UtcDateTime + (lifetime < MaxPresignLifetime ? lifetime : MaxPresignLifetime),
        };
        request.ResponseHeaderOverrides.ContentDisposition = $"attachment; filename=\"{fileName.Replace("\"", "", StringComparison.Ordinal)}\"";
        request.ResponseHeaderOverrides.ContentType = ContentTypeFor(key);
        return new Uri(_presigner.GetPreSignedURL(request));
    }

    public async Task<ObjectStoreProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await _client.HeadBucketAsync(new HeadBucketRequest { BucketName = _bucket }, timeout.Token);
            return new ObjectStoreProbe(true, $"bucket {_bucket} at {_where} answers");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ObjectStoreProbe(false, $"bucket {_bucket}: {_where} did not answer within {ProbeTimeout.TotalSeconds:0} s; check S3_ENDPOINT");
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException)
        {
            return new ObjectStoreProbe(false, $"bucket {_bucket}: {Describe(ex)}");
        }
    }

    /// <summary>One sentence naming the setting most likely at fault; never a credential.</summary>
    private string Describe(Exception ex)
    {
        if (ex is AmazonServiceException service && service.StatusCode != 0)
        {
            var answer = $"{_where} answered HTTP {(int)service.StatusCode}{(string.IsNullOrEmpty(service.ErrorCode) ? "" : " " + service.ErrorCode)}";
            return service.StatusCode switch
            {
                HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => answer + "; check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_REGION",
                HttpStatusCode.NotFound => answer + "; check S3_BUCKET (the bucket must exist) and S3_FORCE_PATH_STYLE",
                HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect or HttpStatusCode.TemporaryRedirect => answer + "; check S3_REGION and S3_ENDPOINT",
                _ => answer,
            };
        }

        var cause = ex.InnerException is { } inner && ex is AmazonServiceException ? inner : ex;
        return $"{_where} cannot be reached ({cause.GetType().Name}: {cause.Message}); check S3_ENDPOINT";
    }

    private static string ContentTypeFor(string key) =>
        key.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? "application/zip" : "application/octet-stream";

    public void Dispose()
    {
        if (!ReferenceEquals(_presigner, _client))
        {
            _presigner.Dispose();
        }

        _client.Dispose();
    }
}
