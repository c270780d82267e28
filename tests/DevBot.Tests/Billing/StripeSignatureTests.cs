using System.Text;
using DevBot.Billing.Stripe;

namespace DevBot.Tests.Billing;

public sealed class StripeSignatureTests
{
    private const string Secret = "whsec_test_secret";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_760_000_000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"}");

    [Fact]
    public void Signature_matches_the_documented_scheme_hmac_sha256_of_timestamp_dot_body()
    {
        // Known answer, computed independently:
        // printf '%s' '1760000000.{"id":"evt_1","type":"checkout.session.completed"}' | openssl dgst -sha256 -hmac whsec_test_secret
        StripeSignature.Compute(Secret, "1760000000", Payload)
            .ShouldBe("bfcb160317277f672467770c8d4c4adb91c8bde69c80639e104b79ce94253bda");
    }

    [Fact]
    public void A_correctly_signed_payload_is_valid()
    {
        StripeSignature.Verify(StripeSigner.Header(Secret, Now, Payload), Payload, Secret, Now, Tolerance).ShouldBe(SignatureCheck.Valid);
    }

    [Fact]
    public void Any_one_of_several_v1_signatures_may_match_as_during_a_secret_roll()
    {
        var t = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var header = $"t={t},v1={StripeSignature.Compute("whsec_old", t, Payload)},v0=ignored,v1={StripeSignature.Compute(Secret, t, Payload)}";
        StripeSignature.Verify(header, Payload, Secret, Now, Tolerance).ShouldBe(SignatureCheck.Valid);
    }

    [Fact]
    public void A_payload_signed_with_another_secret_is_refused()
    {
        StripeSignature.Verify(StripeSigner.Header("whsec_wrong", Now, Payload), Payload, Secret, Now, Tolerance)
            .ShouldBe(SignatureCheck.NoMatchingSignature);
    }

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var header = StripeSigner.Header(Secret, Now, Payload);
        var tampered = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\" }");
        StripeSignature.Verify(header, tampered, Secret, Now, Tolerance).ShouldBe(SignatureCheck.NoMatchingSignature);
    }

    [Fact]
    public void A_changed_timestamp_breaks_the_signature()
    {
        var header = StripeSigner.Header(Secret, Now, Payload).Replace("t=1760000000", "t=1760000001", StringComparison.Ordinal);
        StripeSignature.Verify(header, Payload, Secret, Now, Tolerance).ShouldBe(SignatureCheck.NoMatchingSignature);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void A_signature_older_or_newer_than_the_tolerance_is_refused(int offsetSeconds)
    {
        var signedAt = Now.AddSeconds(offsetSeconds);
        StripeSignature.Verify(StripeSigner.Header(Secret, signedAt, Payload), Payload, Secret, Now, Tolerance)
            .ShouldBe(SignatureCheck.TimestampOutsideTolerance);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void A_signature_exactly_at_the_tolerance_is_accepted(int offsetSeconds)
    {
        var signedAt = Now.AddSeconds(offsetSeconds);
        StripeSignature.Verify(StripeSigner.Header(Secret, signedAt, Payload), Payload, Secret, Now, Tolerance).ShouldBe(SignatureCheck.Valid);
    }

    [Theory]
    [InlineData(null, SignatureCheck.MissingHeader)]
    [InlineData("", SignatureCheck.MissingHeader)]
    [InlineData("garbage", SignatureCheck.MalformedHeader)]
    [InlineData("v1=abcd", SignatureCheck.MalformedHeader)]
    [InlineData("t=notanumber,v1=abcd", SignatureCheck.MalformedHeader)]
    [InlineData("t=99999999999999999,v1=abcd", SignatureCheck.MalformedHeader)]
    [InlineData("t=1760000000", SignatureCheck.NoMatchingSignature)]
    [InlineData("t=1760000000,v0=abcd", SignatureCheck.NoMatchingSignature)]
    [InlineData("t=1760000000,v1=zz", SignatureCheck.NoMatchingSignature)]
    public void Malformed_or_incomplete_headers_are_refused(string? header, SignatureCheck expected)
    {
        StripeSignature.Verify(header, Payload, Secret, Now, Tolerance).ShouldBe(expected);
    }
}
