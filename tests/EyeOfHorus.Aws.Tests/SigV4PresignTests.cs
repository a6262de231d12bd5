using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EyeOfHorus.Aws.Tests;

/// <summary>Query-string presigning: aws-c-auth's v4 query cases, and S3 links checked by a server that verifies them on its own.</summary>
public sealed class SigV4PresignTests
{
    private static readonly DateTimeOffset SigningTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "vectors", "sigv4-crt");

    [Theory]
    [MemberData(nameof(SigV4VectorTests.CrtCases), MemberType = typeof(SigV4VectorTests))]
    public void Crt_suite_case_presigns_exactly(string name)
    {
        string dir = Path.Combine(Folder, name);
        using JsonDocument context = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "context.json")));
        JsonElement root = context.RootElement;
        JsonElement creds = root.GetProperty("credentials");
        bool omitToken = root.TryGetProperty("omit_session_token", out JsonElement omit) && omit.GetBoolean();
        string? token = creds.TryGetProperty("token", out JsonElement t) && !omitToken ? t.GetString() : null;
        var credentials = new AwsCredentials(creds.GetProperty("access_key_id").GetString()!, creds.GetProperty("secret_access_key").GetString()!, token);
        SigV4Request request = SigV4VectorTests.ParseHttpRequest(File.ReadAllText(Path.Combine(dir, "request.txt")));
        // sign_body: in query signing aws-c-auth adds no x-amz-content-sha256 header; the payload's
        // hash ends the canonical request, as it always does here.

        SigV4Presigned presigned = SigV4.Presign(request, credentials, root.GetProperty("region").GetString()!, root.GetProperty("service").GetString()!,
            SigningTime, TimeSpan.FromSeconds(root.GetProperty("expiration_in_seconds").GetInt32()), normalizePath: root.GetProperty("normalize").GetBoolean());

        Assert.Equal(File.ReadAllText(Path.Combine(dir, "query-canonical-request.txt")), presigned.CanonicalRequest);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "query-string-to-sign.txt")), presigned.StringToSign);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "query-signature.txt")).Trim(), presigned.Signature);
        // The signed request's query holds the same parameters (aws-c-auth writes them in another order).
        string signedLine = File.ReadAllLines(Path.Combine(dir, "query-signed-request.txt"))[0];
        string signedQuery = signedLine[(signedLine.IndexOf('?', StringComparison.Ordinal) + 1)..signedLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        // post-sts-header-after: the token is added to the query after signing, outside the signature.
        IEnumerable<string> expected = signedQuery.Split('&').Where(p => !omitToken || !p.StartsWith("X-Amz-Security-Token=", StringComparison.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), presigned.Query.Split('&').Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(604801)]
    public void Validity_outside_one_second_to_seven_days_is_refused(int seconds)
    {
        var request = new SigV4Request("GET", "/", "", [new("Host", "example.amazonaws.com")], ReadOnlyMemory<byte>.Empty);
        Assert.Throws<ArgumentOutOfRangeException>(() => SigV4.Presign(request, StubAwsServer.Credentials, "us-east-1", "s3", SigningTime, TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(604800)]
    public void Validity_of_exactly_one_second_or_seven_days_is_accepted(int seconds)
    {
        var request = new SigV4Request("GET", "/", "", [new("Host", "example.amazonaws.com")], ReadOnlyMemory<byte>.Empty);
        SigV4Presigned presigned = SigV4.Presign(request, StubAwsServer.Credentials, "us-east-1", "s3", SigningTime, TimeSpan.FromSeconds(seconds));
        Assert.Contains($"&X-Amz-Expires={seconds}&", presigned.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_without_a_Host_header_cannot_be_presigned()
    {
        var request = new SigV4Request("GET", "/", "", [new("X-Amz-Meta-A", "1")], ReadOnlyMemory<byte>.Empty);
        var e = Assert.Throws<ArgumentException>(() => SigV4.Presign(request, StubAwsServer.Credentials, "us-east-1", "s3", SigningTime, TimeSpan.FromHours(1)));
        Assert.StartsWith("A presigned request signs its Host header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_s_own_query_comes_first_and_is_signed()
    {
        var request = new SigV4Request("GET", "/", "response-content-type=image%2Fjpeg", [new("Host", "example.amazonaws.com")], ReadOnlyMemory<byte>.Empty);
        var credentials = new AwsCredentials("AKID", "secret");
        SigV4Presigned presigned = SigV4.Presign(request, credentials, "us-east-1", "s3", SigningTime, TimeSpan.FromHours(1));
        Assert.StartsWith("response-content-type=image%2Fjpeg&X-Amz-Algorithm=AWS4-HMAC-SHA256&", presigned.Query, StringComparison.Ordinal);
        Assert.Contains("response-content-type=image%2Fjpeg", presigned.CanonicalRequest, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Amz-Security-Token", presigned.Query, StringComparison.Ordinal);
        Assert.EndsWith("&X-Amz-Signature=" + presigned.Signature, presigned.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "k.jpg")]
    [InlineData("horus-snapshots", "")]
    public async Task An_empty_bucket_or_key_is_refused(string bucket, string key) =>
        await Assert.ThrowsAnyAsync<ArgumentException>(() => new S3PresignedUrls(S3Options(null)).GetObjectAsync(bucket, key, TimeSpan.FromHours(1)));

    [Fact]
    public async Task On_aws_a_bucket_with_dots_is_path_style_at_the_regional_endpoint()
    {
        Uri link = await new S3PresignedUrls(S3Options(null)).GetObjectAsync("horus.snapshots", "s/1.jpg", TimeSpan.FromHours(1));
        Assert.StartsWith("https://s3.eu-west-1.amazonaws.com/horus.snapshots/s/1.jpg?X-Amz-Algorithm=", link.AbsoluteUri, StringComparison.Ordinal);
    }

    private static AwsClientOptions S3Options(Uri? endpoint, TimeProvider? time = null) => new()
    {
        Region = "eu-west-1",
        Credentials = new StaticCredentialSource(StubAwsServer.Credentials),
        Endpoint = endpoint,
        TimeProvider = time ?? TimeProvider.System,
    };

    [Fact]
    public async Task On_aws_a_link_is_virtual_hosted_and_its_key_percent_encoded()
    {
        Uri link = await new S3PresignedUrls(S3Options(null)).GetObjectAsync("horus-snapshots", "snapshots/front door/1.jpg", TimeSpan.FromHours(1));
        Assert.StartsWith("https://horus-snapshots.s3.eu-west-1.amazonaws.com/snapshots/front%20door/1.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("&X-Amz-Expires=3600&", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("&X-Amz-Security-Token=stub-session-token&", link.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_presigned_link_fetches_the_object_from_a_server_that_verifies_it()
    {
        await using var server = await VerifyingS3.StartAsync();
        server.Objects["/horus-snapshots/snapshots/front door/é 1.jpg"] = [0xFF, 0xD8, 0xFF, 0x01];
        Uri link = await new S3PresignedUrls(S3Options(server.Endpoint)).GetObjectAsync("horus-snapshots", "snapshots/front door/é 1.jpg", TimeSpan.FromHours(12));

        using var http = new HttpClient();
        using HttpResponseMessage response = await http.GetAsync(link);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0x01 }, await response.Content.ReadAsByteArrayAsync());

        // The contrast: the same server refuses the link for another key, and with its signature altered.
        string other = link.AbsoluteUri.Replace("1.jpg", "2.jpg", StringComparison.Ordinal);
        using HttpResponseMessage forOther = await http.GetAsync(other);
        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await forOther.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        string signature = link.AbsoluteUri[(link.AbsoluteUri.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) + 16)..];
        using HttpResponseMessage tampered = await http.GetAsync(link.AbsoluteUri.Replace(signature, new string('0', 64), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }

    [Fact]
    public async Task A_key_with_an_empty_segment_is_signed_as_sent()
    {
        // S3 keeps "a//b" as it is; a path normalised before signing would not match what S3 checks.
        await using var server = await VerifyingS3.StartAsync();
        server.Objects["/horus-snapshots/snapshots//1.jpg"] = [7];
        Uri link = await new S3PresignedUrls(S3Options(server.Endpoint)).GetObjectAsync("horus-snapshots", "snapshots//1.jpg", TimeSpan.FromHours(1));
        using var http = new HttpClient();
        using HttpResponseMessage response = await http.GetAsync(link);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(new byte[] { 7 }, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        await using var server = await VerifyingS3.StartAsync();
        server.Objects["/horus-snapshots/s.jpg"] = [1];
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(2));
        Uri link = await new S3PresignedUrls(S3Options(server.Endpoint, past)).GetObjectAsync("horus-snapshots", "s.jpg", TimeSpan.FromHours(1));
        using var http = new HttpClient();
        using HttpResponseMessage response = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// S3's presigned GET as the service checks it, written here from the SigV4 documentation rather
    /// than with <see cref="SigV4"/>: the canonical request is rebuilt from the raw request target.
    /// </summary>
    private sealed class VerifyingS3 : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private VerifyingS3(WebApplication app) => _app = app;

        public Dictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

        public Uri Endpoint { get; private set; } = null!;

        public static async Task<VerifyingS3> StartAsync()
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
            WebApplication app = builder.Build();
            var server = new VerifyingS3(app);
            app.Run(server.HandleAsync);
            await app.StartAsync();
            server.Endpoint = new Uri(app.Urls.Single().TrimEnd('/') + "/");
            return server;
        }

        private async Task HandleAsync(HttpContext context)
        {
            string target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            string rawPath = target.Split('?', 2)[0];
            var query = target.Contains('?', StringComparison.Ordinal)
                ? target.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""), StringComparer.Ordinal)
                : [];
            string? problem = Problem(context.Request.Method, rawPath, query, context.Request.Headers.Host.ToString());
            if (problem is not null)
            {
                context.Response.StatusCode = 403;
                await context.Response.WriteAsync($"<Error><Code>{problem}</Code></Error>");
                return;
            }
            if (!Objects.TryGetValue(Uri.UnescapeDataString(rawPath), out byte[]? body))
            {
                context.Response.StatusCode = 404;
                return;
            }
            await context.Response.Body.WriteAsync(body);
        }

        private static string? Problem(string method, string rawPath, Dictionary<string, string> query, string host)
        {
            if (query.GetValueOrDefault("X-Amz-Algorithm") != "AWS4-HMAC-SHA256") return "AuthorizationQueryParametersError";
            string[] credential = query.GetValueOrDefault("X-Amz-Credential", "").Split('/');
            if (credential.Length != 5 || credential[0] != StubAwsServer.Credentials.AccessKeyId || credential[3] != "s3" || credential[4] != "aws4_request")
                return "InvalidAccessKeyId";
            if (query.GetValueOrDefault("X-Amz-Security-Token") != StubAwsServer.Credentials.SessionToken) return "InvalidToken";
            if (query.GetValueOrDefault("X-Amz-SignedHeaders") != "host") return "AccessDenied";
            DateTimeOffset signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"], "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal);
            if (signedAt + TimeSpan.FromSeconds(int.Parse(query["X-Amz-Expires"], System.Globalization.CultureInfo.InvariantCulture)) < DateTimeOffset.UtcNow)
                return "AccessDenied: Request has expired";

            static string Escape(string s) => Uri.EscapeDataString(s); // RFC 3986: all but unreserved
            string canonicalPath = string.Join('/', rawPath.Split('/').Select(segment => Escape(Uri.UnescapeDataString(segment))));
            string canonicalQuery = string.Join('&', query.Where(p => p.Key != "X-Amz-Signature")
                .Select(p => (Name: Escape(p.Key), Value: Escape(p.Value))).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}"));
            string canonical = $"{method}\n{canonicalPath}\n{canonicalQuery}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD";
            string scope = string.Join('/', credential[1..]);
            string toSign = $"AWS4-HMAC-SHA256\n{query["X-Amz-Date"]}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
            byte[] key = Encoding.UTF8.GetBytes("AWS4" + StubAwsServer.Credentials.SecretAccessKey);
            foreach (string part in credential[1..]) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
            string expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
            return expected == query.GetValueOrDefault("X-Amz-Signature") ? null : "SignatureDoesNotMatch";
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
