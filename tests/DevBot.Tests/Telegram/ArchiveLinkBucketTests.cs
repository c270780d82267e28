using System.Net;
using System.Text.RegularExpressions;
using DevBot.Projects;
using DevBot.Storage;
using DevBot.Storage.S3;
using DevBot.Telegram;
using DevBot.Telegram.Delivery;
using DevBot.Telegram.Texts;
using DevBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Telegram;

/// <summary>With archives in a bucket, the bot hands out the bucket's presigned URL for archives over 50 MB.</summary>
public sealed partial class ArchiveLinkBucketTests(S3Server s3) : IClassFixture<S3Server>
{
    [Fact]
    public async Task An_archive_too_large_for_telegram_is_offered_as_a_presigned_bucket_url_even_without_a_public_devbot_address()
    {
        var bucket = await s3.CreateBucketAsync();
        var settings = s3.Settings(bucket);
        using var store = new S3ObjectStore(Options.Create(new StorageOptions
        {
            Provider = "s3",
            Endpoint = settings["S3_ENDPOINT"],
            Bucket = bucket,
            AccessKeyId = S3Server.AccessKeyId,
            SecretAccessKey = S3Server.SecretAccessKey,
        }), TimeProvider.System);
        var projectId = Guid.CreateVersion7();
        byte[] zip = [0x50, 0x4b, 0x05, 0x06, .. new byte[18]];
        await store.SaveAsync(ProjectArchive.KeyFor(projectId), new MemoryStream(zip), TestContext.Current.CancellationToken);
        // Long polling and no TELEGRAM_PUBLIC_BASE_URL: DevBot itself has no address users could reach.
        var links = new ArchiveLinks(Options.Create(new TelegramOptions { BotToken = "123456789:TEST-ONLY_not-a-real-bot-token_0000" }), store, TimeProvider.System);

        var html = links.TooLargeForTelegram(projectId, 60L * 1024 * 1024, new BotTexts().For("en"));
        var url = new Uri(WebUtility.HtmlDecode(Href().Match(html).Groups[1].Value));
        using var plain = new HttpClient();
        var download = await plain.GetAsync(url, TestContext.Current.CancellationToken);

        html.ShouldContain("60 MB");
        url.GetLeftPart(UriPartial.Authority).ShouldBe(s3.Endpoint);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        query["X-Amz-Algorithm"].ShouldBe("AWS4-HMAC-SHA256");
        int.Parse(query["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeInRange(604_000, 604_800, "valid (a minute short of) 7 days like DevBot's own links, the most SigV4 allows");
        (await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).ShouldBe(zip);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
