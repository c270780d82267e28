using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace DevBot.Storage;

/// <summary>Checks the storage settings on start; every message names the variable to fix and never a secret.</summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <summary>SigV4 presigned URLs live at most 7 days.</summary>
    public const int MaxPresignMinutes = 7 * 24 * 60;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (options.Provider.Trim().ToLowerInvariant() is not ("local" or "s3"))
        {
            failures.Add("STORAGE_PROVIDER must be 'local' (files under DEVBOT_DATA_DIR) or 's3' (an S3-compatible bucket).");
        }

        if (options.RedirectBytes < -1)
        {
            failures.Add("STORAGE_REDIRECT_BYTES must be -1 (never redirect), 0 (always) or a size in bytes.");
        }

        if (options.ResolvedProvider == StorageProvider.S3)
        {
            ValidateS3(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateS3(StorageOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            failures.Add("S3_BUCKET is required with STORAGE_PROVIDER=s3.");
        }
        else if (!BucketName().IsMatch(options.Bucket))
        {
            failures.Add("S3_BUCKET must be a bucket name: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit.");
        }

        if (!string.IsNullOrWhiteSpace(options.Endpoint) && !IsHttpUrl(options.Endpoint))
        {
            failures.Add("S3_ENDPOINT must be an absolute http(s) URL, e.g. https://<account>.r2.cloudflarestorage.com (empty = AWS S3).");
        }

        if (!string.IsNullOrWhiteSpace(options.PublicEndpoint) && !IsHttpUrl(options.PublicEndpoint))
        {
            failures.Add("S3_PUBLIC_ENDPOINT must be an absolute http(s) URL (empty = S3_ENDPOINT).");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add("S3_REGION is required with STORAGE_PROVIDER=s3 (us-east-1 for MinIO, auto for Cloudflare R2, the project's region for Supabase).");
        }

        if (string.IsNullOrWhiteSpace(options.AccessKeyId) != string.IsNullOrWhiteSpace(options.SecretAccessKey))
        {
            failures.Add("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK's default credentials.");
        }

        if (!string.IsNullOrWhiteSpace(options.KeyPrefix) && !ObjectKeys.IsValid(options.KeyPrefix.Trim().Trim('/')))
        {
            failures.Add("S3_KEY_PREFIX must be a path of letters, digits, '.', '_' and '-' segments, e.g. devbot/ (or empty).");
        }

        if (options.PresignMinutes is < 1 or > MaxPresignMinutes)
        {
            failures.Add($"S3_PRESIGN_MINUTES must be between 1 and {MaxPresignMinutes} (7 days, the longest a presigned URL can live).");
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
