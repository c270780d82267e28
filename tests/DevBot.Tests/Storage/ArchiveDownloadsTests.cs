using DevBot.Data;
using DevBot.Storage;
using DevBot.Storage.Local;
using DevBot.Storage.S3;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Storage;

public sealed class ArchiveDownloadsTests
{
    private const string Key = "projects/0196a1b2c3d47e5f8a9b0c1d2e3f4a5b/archive.zip";

    private static StorageOptions S3(long redirectBytes) => new()
    {
        Provider = "s3",
        // Presigning is computed locally: nothing listens here and nothing needs to.
        Endpoint = "http://127.0.0.1:9",
        Bucket = "devbot-archives",
        AccessKeyId = "id",
        SecretAccessKey = "secret",
        RedirectBytes = redirectBytes,
    };

    [Theory]
    [InlineData(1000L, 999L, false)]
    [InlineData(1000L, 1000L, true)]
    [InlineData(0L, 1L, true)]
    [InlineData(-1L, long.MaxValue, false)]
    public void A_bucket_archive_is_redirected_from_the_threshold_on_and_never_with_minus_one(long threshold, long size, bool redirected)
    {
        var options = Options.Create(S3(threshold));
        using var store = new S3ObjectStore(options, TimeProvider.System);

        var url = new ArchiveDownloads(store, options).RedirectFor(Key, size, "notes.zip");

        (url is not null).ShouldBe(redirected);
        if (url is not null)
        {
            url.AbsolutePath.ShouldBe("/devbot-archives/" + Key);
            // The SDK counts the lifetime from its own reading of the clock, a moment after ours.
            int.Parse(System.Web.HttpUtility.ParseQueryString(url.Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture)
                .ShouldBeInRange(840, 900, "S3_PRESIGN_MINUTES' default of 15 minutes");
        }
    }

    [Fact]
    public void An_archive_on_the_local_disk_is_always_streamed()
    {
        var local = new LocalObjectStore(Options.Create(new DatabaseOptions { DataDirectory = Path.GetTempPath() }));

        new ArchiveDownloads(local, Options.Create(new StorageOptions { RedirectBytes = 0 })).RedirectFor(Key, 1L << 40, "big.zip").ShouldBeNull();
    }
}
