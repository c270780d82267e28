using System.Net;
using System.Text.RegularExpressions;
using DevBot.Data;
using DevBot.Projects;
using DevBot.Storage;
using DevBot.Telegram.Delivery;
using DevBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DevBot.Tests.Telegram;

/// <summary>Archives over Telegram's 50 MB limit are fetched by a signed, expiring link the bot sends.</summary>
public sealed partial class ArchiveLinkTests
{
    [Fact]
    public async Task Signed_link_downloads_the_archive_and_a_tampered_or_foreign_one_is_refused()
    {
        await using var rig = await TelegramTestRig.StartAsync(settings: new Dictionary<string, string?>
        {
            ["TELEGRAM_PUBLIC_BASE_URL"] = "https://devbot.example.com",
        });
        var alice = await rig.Host.CreateUserAsync();
        var accepted = await ProjectApi.SubmitAsync(alice.Http);
        await ProjectApi.WaitForStatusAsync(alice.Http, accepted.Id());

        string html;
        long size;
        await using (var scope = rig.Host.Services.CreateAsyncScope())
        {
            size = (await scope.ServiceProvider.GetRequiredService<DevBotDbContext>().Set<Project>().SingleAsync()).ArchiveSize!.Value;
            html = scope.ServiceProvider.GetRequiredService<ArchiveLinks>().TooLargeForTelegram(accepted.Id(), size);
        }

        var url = new Uri(WebUtility.HtmlDecode(Href().Match(html).Groups[1].Value));
        url.GetLeftPart(UriPartial.Authority).ShouldBe("https://devbot.example.com");
        using var anonymous = rig.Host.CreateClient();

        var download = await anonymous.GetAsync(url.PathAndQuery);
        var tampered = await anonymous.GetAsync(url.PathAndQuery.Replace("signature=", "signature=0", StringComparison.Ordinal));
        var otherProject = await anonymous.GetAsync(url.PathAndQuery.Replace(accepted.Id().ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal));

        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        (await download.Content.ReadAsByteArrayAsync()).LongLength.ShouldBe(size);
        download.Content.Headers.ContentDisposition!.FileName.ShouldBe(ProjectArchive.FileName("Temperature converter"));
        tampered.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        otherProject.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}

public sealed class ArchiveLinkExpiryTests
{
    [Fact]
    public void A_link_stops_working_after_its_lifetime_and_under_another_bot_token()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = Microsoft.Extensions.Options.Options.Create(new DevBot.Telegram.TelegramOptions
        {
            BotToken = "123456789:TEST-ONLY_not-a-real-bot-token_0000",
            PublicBaseUrl = "https://devbot.example.com",
        });
        var links = new ArchiveLinks(options, clock);
        var projectId = Guid.CreateVersion7();
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(WebUtility.HtmlDecode(
            Regex.Match(links.TooLargeForTelegram(projectId, 60L * 1024 * 1024), "href=\"([^\"]+)\"").Groups[1].Value)).Query);
        var expires = long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        var signature = query["signature"];

        links.IsValid(projectId, expires, signature).ShouldBeTrue();
        new ArchiveLinks(Microsoft.Extensions.Options.Options.Create(new DevBot.Telegram.TelegramOptions { BotToken = "987654321:BBHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" }), clock)
            .IsValid(projectId, expires, signature).ShouldBeFalse();
        clock.Advance(ArchiveLinks.Lifetime + TimeSpan.FromMinutes(1));
        links.IsValid(projectId, expires, signature).ShouldBeFalse();
        links.IsValid(projectId, expires + 1_000_000, signature).ShouldBeFalse("a later expiry is not what was signed");
    }
}
