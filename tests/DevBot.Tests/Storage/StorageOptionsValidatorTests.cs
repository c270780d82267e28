using DevBot.Storage;
using DevBot.Tests.Infrastructure;

namespace DevBot.Tests.Storage;

public sealed class StorageOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(StorageOptions options) =>
        new StorageOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    private static StorageOptions ValidS3() => new()
    {
        Provider = "s3",
        Endpoint = "https://abc123.r2.cloudflarestorage.com",
        Bucket = "devbot-archives",
        Region = "auto",
        AccessKeyId = "key-id",
        SecretAccessKey = "super-secret-value",
    };

    [Fact]
    public void The_default_local_store_and_a_complete_s3_configuration_are_valid()
    {
        Failures(new StorageOptions()).ShouldBeEmpty();
        Failures(ValidS3()).ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_provider_is_refused_naming_storage_provider()
    {
        Failures(new StorageOptions { Provider = "ftp" }).ShouldHaveSingleItem().ShouldContain("STORAGE_PROVIDER");
    }

    [Fact]
    public void Each_missing_or_malformed_s3_setting_is_reported_naming_its_variable_and_never_the_secret()
    {
        var options = ValidS3();
        options.Bucket = "Not_A_Bucket";
        options.Endpoint = "r2.example.com";
        options.PublicEndpoint = "ftp://files";
        options.AccessKeyId = "";
        options.PresignMinutes = 0;
        options.KeyPrefix = "../up";

        var failures = Failures(options);

        failures.Count.ShouldBe(6);
        foreach (var variable in new[] { "S3_BUCKET", "S3_ENDPOINT", "S3_PUBLIC_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_PRESIGN_MINUTES", "S3_KEY_PREFIX" })
        {
            failures.ShouldContain(f => f.StartsWith(variable, StringComparison.Ordinal), variable);
        }

        string.Join(' ', failures).ShouldNotContain("super-secret-value");
    }

    [Fact]
    public void S3_without_a_bucket_is_refused_and_the_local_store_ignores_s3_settings()
    {
        var withoutBucket = ValidS3();
        withoutBucket.Bucket = null;

        Failures(withoutBucket).ShouldHaveSingleItem().ShouldContain("S3_BUCKET is required");
        Failures(new StorageOptions { Bucket = "Not_A_Bucket", PresignMinutes = -5 }).ShouldBeEmpty();
    }

    [Fact]
    public void Path_style_defaults_on_for_a_custom_endpoint_and_off_for_aws()
    {
        ValidS3().UsesPathStyle.ShouldBeTrue();
        new StorageOptions { Provider = "s3", Bucket = "b-1" }.UsesPathStyle.ShouldBeFalse();
        var explicitlyOff = ValidS3();
        explicitlyOff.ForcePathStyle = false;
        explicitlyOff.UsesPathStyle.ShouldBeFalse();
    }

    [Fact]
    public async Task A_host_with_an_invalid_storage_setting_refuses_to_start_naming_the_variable()
    {
        var failure = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var host = await DevBotTestHost.StartAsync("http://127.0.0.1:9/v1", settings: new Dictionary<string, string?>
            {
                ["STORAGE_PROVIDER"] = "s3",
                ["S3_ENDPOINT"] = "http://127.0.0.1:9",
            }, runWorkers: false);
        });

        failure.Message.ShouldContain("S3_BUCKET is required with STORAGE_PROVIDER=s3");
    }
}
