namespace EyeOfHorus.Aws.Tests;

/// <summary>
/// The rules the suites do not reach: one failing example per refusal of <see cref="SigV4.Verify"/>
/// (the stand-ins' signature oracle must refuse each on its own), a caller-supplied session token,
/// and query strings and paths at their edges.
/// </summary>
public sealed class SigV4RuleTests
{
    private static readonly AwsCredentials Session = new("AKIDRULES", "rules/secret", "the-session-token");
    private static readonly DateTimeOffset Time = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static string? Secret(string key) => key == Session.AccessKeyId ? Session.SecretAccessKey : null;

    /// <summary>A POST signed for eu-west-1/sns, with its Authorization header in place.</summary>
    private static SigV4Request Signed(IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        var request = new SigV4Request("POST", "/", "", headers ?? [new("Host", "sns.eu-west-1.amazonaws.com"), new("Content-Type", "text/plain")], "Action=Publish"u8.ToArray());
        SigV4Signature signature = SigV4.Sign(request, Session, "eu-west-1", "sns", Time);
        return request with { Headers = [.. request.Headers, .. signature.AddedHeaders, new("Authorization", signature.Authorization)] };
    }

    private static SigV4Request WithAuthorization(SigV4Request request, Func<string, string> change) => request with
    {
        Headers = [.. request.Headers.Select(h => h.Key == "Authorization" ? new KeyValuePair<string, string>(h.Key, change(h.Value)) : h)],
    };

    private static SigV4Request WithHeader(SigV4Request request, string name, string value) => request with
    {
        Headers = [.. request.Headers.Select(h => h.Key == name ? new KeyValuePair<string, string>(h.Key, value) : h)],
    };

    private static string? Verify(SigV4Request request) => SigV4.Verify(request, Secret, "eu-west-1", "sns");

    [Fact]
    public void A_correctly_signed_request_passes() => Assert.Null(Verify(Signed()));

    [Fact]
    public void Every_rule_refuses_on_its_own()
    {
        SigV4Request good = Signed();

        Assert.Equal("no AWS4-HMAC-SHA256 Authorization header", Verify(WithAuthorization(good, a => a.Replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512", StringComparison.Ordinal))));
        Assert.Equal("Authorization header lacks Credential, SignedHeaders or Signature", Verify(WithAuthorization(good, a => a.Replace("Credential=", "Cred=", StringComparison.Ordinal))));
        Assert.Equal("Authorization header lacks Credential, SignedHeaders or Signature", Verify(WithAuthorization(good, a => a.Replace("SignedHeaders=", "Signed=", StringComparison.Ordinal))));
        Assert.Equal("Authorization header lacks Credential, SignedHeaders or Signature", Verify(WithAuthorization(good, a => a.Replace("Signature=", "Sig=", StringComparison.Ordinal))));
        Assert.Equal("malformed credential scope 'AKIDRULES/20260304/eu-west-1/sns/aws5_request'",
            Verify(WithAuthorization(good, a => a.Replace("aws4_request", "aws5_request", StringComparison.Ordinal))));
        Assert.Equal("malformed credential scope 'AKIDRULES/20260304/eu-west-1/aws4_request'",
            Verify(WithAuthorization(good, a => a.Replace("/sns/", "/", StringComparison.Ordinal))));
        Assert.Equal("scope is eu-west-1/sns, expected eu-west-1/kinesis", SigV4.Verify(good, Secret, "eu-west-1", "kinesis"));
        Assert.Equal("scope is eu-west-1/sns, expected us-east-1/sns", SigV4.Verify(good, Secret, "us-east-1", "sns"));
        Assert.Equal("unknown access key AKIDRULES", SigV4.Verify(good, _ => null, "eu-west-1", "sns"));
        Assert.Equal("X-Amz-Date missing or not matching the credential scope date", Verify(WithHeader(good, "X-Amz-Date", "20260305T050607Z")));
        Assert.Equal("X-Amz-Date missing or not matching the credential scope date", Verify(good with { Headers = [.. good.Headers.Where(h => h.Key != "X-Amz-Date")] }));
        Assert.Equal("signature does not match", Verify(WithHeader(good, "Content-Type", "text/html")));
        Assert.Equal("signature does not match", Verify(WithAuthorization(good, a => a[..^1] + (a[^1] == '0' ? '1' : '0'))));
    }

    [Fact]
    public void Host_and_x_amz_date_must_both_be_signed()
    {
        SigV4Request good = Signed();
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,", Header(good, "Authorization"), StringComparison.Ordinal);

        Assert.Equal("host and x-amz-date must be signed",
            Verify(WithAuthorization(good, a => a.Replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;", StringComparison.Ordinal))));
        Assert.Equal("host and x-amz-date must be signed",
            Verify(WithAuthorization(good, a => a.Replace(";x-amz-date;", ";", StringComparison.Ordinal))));
        // A client that leaves Host out of what it signs is refused even though the rest is consistent.
        Assert.Equal("host and x-amz-date must be signed", Verify(Signed([new("Content-Type", "text/plain")])));
    }

    [Fact]
    public void A_signed_header_the_request_lacks_is_named()
    {
        SigV4Request good = Signed();
        SigV4Request withoutType = good with { Headers = [.. good.Headers.Where(h => h.Key != "Content-Type")] };

        Assert.Equal("signed headers content-type;host;x-amz-date;x-amz-security-token not all present (found host;x-amz-date;x-amz-security-token)", Verify(withoutType));
    }

    [Fact]
    public void A_session_token_the_caller_already_set_is_signed_once_and_not_added_again()
    {
        var request = new SigV4Request("POST", "/", "", [new("Host", "example.amazonaws.com"), new("X-Amz-Security-Token", "the-session-token")], ReadOnlyMemory<byte>.Empty);

        SigV4Signature signature = SigV4.Sign(request, Session, "eu-west-1", "sns", Time);

        Assert.Equal(["X-Amz-Date"], signature.AddedHeaders.Select(h => h.Key));
        Assert.Single(signature.CanonicalRequest.Split('\n'), l => l.StartsWith("x-amz-security-token:", StringComparison.Ordinal));
        Assert.Equal("host;x-amz-date;x-amz-security-token", signature.SignedHeaders);

        SigV4Signature added = SigV4.Sign(request with { Headers = [new("Host", "example.amazonaws.com")] }, Session, "eu-west-1", "sns", Time);
        Assert.Equal(["X-Amz-Date", "X-Amz-Security-Token"], added.AddedHeaders.Select(h => h.Key));
        Assert.Equal("the-session-token", added.AddedHeaders[1].Value);
        Assert.Equal(signature.Signature, added.Signature);
    }

    [Theory]
    [InlineData("acl", "acl=")]
    [InlineData("=x&b", "=x&b=")]
    [InlineData("b=2&&a=1&", "a=1&b=2")]
    [InlineData("a=2&a=1&a", "a=&a=1&a=2")]
    [InlineData("k=a%20b+c", "k=a%20b%2Bc")]
    public void Query_parameters_without_a_value_or_a_name_are_canonical(string query, string canonical) =>
        Assert.Equal(canonical, CanonicalLines(new SigV4Request("GET", "/", query, [new("Host", "h")], ReadOnlyMemory<byte>.Empty))[2]);

    [Theory]
    [InlineData("/../a", "/a")]
    [InlineData("/a/../../b/", "/b/")]
    [InlineData("/a/./b//c", "/a/b/c")]
    [InlineData("/..", "/")]
    [InlineData("", "/")]
    public void Dot_segments_above_the_root_are_dropped(string path, string canonical) =>
        Assert.Equal(canonical, CanonicalLines(new SigV4Request("GET", path, "", [new("Host", "h")], ReadOnlyMemory<byte>.Empty))[1]);

    [Fact]
    public void Without_normalisation_the_path_is_kept_as_sent() =>
        Assert.Equal("/a/../b//c", SigV4.CanonicalRequest(new SigV4Request("GET", "/a/../b//c", "", [new("Host", "h")], ReadOnlyMemory<byte>.Empty), normalizePath: false).CanonicalRequest.Split('\n')[1]);

    private static string[] CanonicalLines(SigV4Request request) => SigV4.CanonicalRequest(request).CanonicalRequest.Split('\n');

    private static string Header(SigV4Request request, string name) => request.Headers.Single(h => h.Key == name).Value;
}
