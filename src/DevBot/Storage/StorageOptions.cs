namespace DevBot.Storage;

public enum StorageProvider
{
    Local,
    S3,
}

/// <summary>Where objects are kept (<c>STORAGE_PROVIDER</c>) and, for <c>s3</c>, the bucket's settings.</summary>
public sealed class StorageOptions
{
    /// <summary>Archives up to this size are streamed through the API; larger ones are redirected to the bucket.</summary>
    public const long DefaultRedirectBytes = 10L * 1024 * 1024;

    /// <summary><c>local</c> (files under DEVBOT_DATA_DIR) or <c>s3</c> (any S3-compatible bucket).</summary>
    [ConfigurationKeyName("STORAGE_PROVIDER")]
    public string Provider { get; set; } = "local";

    /// <summary>
    /// Archive downloads of at least this many bytes answer with a redirect to a presigned URL when the store has
    /// them (s3); 0 = always redirect, -1 = never (always stream through the API).
    /// </summary>
    [ConfigurationKeyName("STORAGE_REDIRECT_BYTES")]
    public long RedirectBytes { get; set; } = DefaultRedirectBytes;

    /// <summary>S3 API endpoint; empty = AWS S3 in <see cref="Region"/>.</summary>
    [ConfigurationKeyName("S3_ENDPOINT")]
    public string? Endpoint { get; set; }

    /// <summary>The endpoint as clients outside the deployment reach it, for presigned URLs; empty = <see cref="Endpoint"/>.</summary>
    [ConfigurationKeyName("S3_PUBLIC_ENDPOINT")]
    public string? PublicEndpoint { get; set; }

    [ConfigurationKeyName("S3_BUCKET")]
    public string? Bucket { get; set; }

    /// <summary>The signing region (R2: <c>auto</c>; Supabase: the project's region).</summary>
    [ConfigurationKeyName("S3_REGION")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Empty together with the secret: the AWS SDK's default credentials (environment, profile, instance role).</summary>
    [ConfigurationKeyName("S3_ACCESS_KEY_ID")]
    public string? AccessKeyId { get; set; }

    [ConfigurationKeyName("S3_SECRET_ACCESS_KEY")]
    public string? SecretAccessKey { get; set; }

    /// <summary><c>https://endpoint/bucket/key</c> instead of <c>https://bucket.endpoint/key</c>; unset = true with S3_ENDPOINT, false on AWS.</summary>
    [ConfigurationKeyName("S3_FORCE_PATH_STYLE")]
    public bool? ForcePathStyle { get; set; }

    /// <summary>Prepended to every key, so several deployments (or other data) can share one bucket.</summary>
    [ConfigurationKeyName("S3_KEY_PREFIX")]
    public string? KeyPrefix { get; set; }

    /// <summary>How long a presigned download URL handed out by the API stays valid.</summary>
    [ConfigurationKeyName("S3_PRESIGN_MINUTES")]
    public int PresignMinutes { get; set; } = 15;

    public StorageProvider ResolvedProvider => Provider.Trim().ToLowerInvariant() switch
    {
        "s3" => StorageProvider.S3,
        _ => StorageProvider.Local,
    };

    public bool UsesPathStyle => ForcePathStyle ?? !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>The key prefix without leading slashes and with exactly one trailing slash (or empty).</summary>
    public string NormalizedKeyPrefix => string.IsNullOrWhiteSpace(KeyPrefix) ? "" : KeyPrefix.Trim().Trim('/') + "/";

    public TimeSpan PresignLifetime => TimeSpan.FromMinutes(PresignMinutes);
}
