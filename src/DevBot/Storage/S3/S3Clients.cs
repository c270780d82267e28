using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace DevBot.Storage.S3;

/// <summary>AmazonS3Client set up for any S3-compatible server from the <c>S3_*</c> settings.</summary>
internal static class S3Clients
{
    public static AmazonS3Client Create(StorageOptions options, string? endpoint)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.UsesPathStyle,
            // The SDK's newer default adds CRC checksums to every upload and expects them on downloads; several
            // S3-compatible servers (older MinIO, Supabase Storage, R2 in places) reject or omit them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region.Trim());
        }
        else
        {
            config.ServiceURL = endpoint.Trim();
            config.AuthenticationRegion = options.Region.Trim();
        }

        return string.IsNullOrWhiteSpace(options.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId.Trim(), options.SecretAccessKey!.Trim()), config);
    }
}
