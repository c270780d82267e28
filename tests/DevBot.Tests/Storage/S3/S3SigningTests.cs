using System.Text;
using DevBot.Storage;
using DevBot.Storage.S3;
using Microsoft.Extensions.Options;

namespace DevBot.Tests.Storage.S3;

/// <summary>The S3 store's requests, checked by a server that verifies SigV4 (s3rver accepts anything).</summary>
public sealed class S3SigningTests : IAsyncLifetime
{
    private const string AccessKeyId = "AKIDEXAMPLE0123456789";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Region = "eu-central-1";

    private SigV4StandIn _server = null!;

    public async ValueTask InitializeAsync() => _server = await SigV4StandIn.StartAsync(AccessKeyId, Secret);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private S3ObjectStore Store(string secret = Secret, string? publicEndpoint = null) => new(Options.Create(new StorageOptions
    {
        Provider = "s3",
        Endpoint = _server.Endpoint,
        PublicEndpoint = publicEndpoint,
        Bucket = "devbot-archives",
        Region = Region,
        AccessKeyId = AccessKeyId,
        SecretAccessKey = secret,
        KeyPrefix = "prod/",
    }), TimeProvider.System);

    [Fact]
    public async Task Uploads_downloads_and_the_bucket_probe_carry_a_valid_sigv4_signature_for_the_configured_key_and_region()
    {
        using var store = Store();
        var cancellationToken = TestContext.Current.CancellationToken;

        await store.SaveAsync("projects/p1/archive.zip", new MemoryStream(Encoding.UTF8.GetBytes("zip bytes")), cancellationToken);
        string read;
        await using (var stream = (await store.OpenReadAsync("projects/p1/archive.zip", cancellationToken)).ShouldNotBeNull())
        {
            read = await new StreamReader(stream).ReadToEndAsync(cancellationToken);
        }

        var probe = await store.ProbeAsync(cancellationToken);

        read.ShouldBe("zip bytes");
        probe.Available.ShouldBeTrue(probe.Description);
        _server.Accepted.Select(r => r.Method).ShouldBe(["PUT", "GET", "HEAD"]);
        _server.Accepted.ShouldAllBe(r => r.Region == Region && r.Service == "s3" && !r.Presigned);
        _server.Accepted[0].Path.ShouldBe("/devbot-archives/prod/projects/p1/archive.zip", "path style, the key prefix applied");
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_server_and_the_error_names_the_credential_settings_without_the_secret()
    {
        const string wrongSecret = "not-the-secret-at-all-0123456789abcdefghij";
        using var store = Store(wrongSecret);
        var cancellationToken = TestContext.Current.CancellationToken;

        var save = await Should.ThrowAsync<ObjectStoreException>(() => store.SaveAsync("a.zip", new MemoryStream([1, 2, 3]), cancellationToken));
        var probe = await store.ProbeAsync(cancellationToken);

        save.Message.ShouldContain("403 SignatureDoesNotMatch");
        save.Message.ShouldContain("S3_SECRET_ACCESS_KEY");
        probe.Available.ShouldBeFalse();
        probe.Description.ShouldContain("S3_ACCESS_KEY_ID");
        (save.Message + probe.Description).ShouldNotContain(wrongSecret);
        _server.Accepted.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_presigned_url_is_signed_for_the_public_endpoint_and_downloads_with_a_plain_client()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using (var store = Store())
        {
            await store.SaveAsync("projects/p2/archive.zip", new MemoryStream(Encoding.UTF8.GetBytes("presigned")), cancellationToken);
        }

        // The same server under another host name, as a bucket reached from outside through a different address.
        var publicEndpoint = _server.Endpoint.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        using var presigning = Store(publicEndpoint: publicEndpoint);
        var url = presigning.TryGetDownloadUrl("projects/p2/archive.zip", "notes-api.zip", TimeSpan.FromMinutes(5)).ShouldNotBeNull();
        using var plain = new HttpClient();

        var download = await plain.GetAsync(url, cancellationToken);
        var tampered = await plain.GetAsync(new Uri(url.AbsoluteUri.Replace("p2", "p3", StringComparison.Ordinal)), cancellationToken);

        url.GetLeftPart(UriPartial.Authority).ShouldBe(publicEndpoint);
        (await download.Content.ReadAsStringAsync(cancellationToken)).ShouldBe("presigned");
        var signed = _server.Accepted[^1];
        (signed.Method, signed.Presigned, signed.Region).ShouldBe(("GET", true, Region));
        signed.Host.ShouldStartWith("localhost:");
        tampered.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }
}
