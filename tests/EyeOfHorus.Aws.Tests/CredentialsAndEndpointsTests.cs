using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace EyeOfHorus.Aws.Tests;

public sealed class EndpointTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("rekognition", "eu-west-1", "https://rekognition.eu-west-1.amazonaws.com/")]
    [InlineData("kinesis", "us-east-1", "https://kinesis.us-east-1.amazonaws.com/")]
    [InlineData("sns", "cn-north-1", "https://sns.cn-north-1.amazonaws.com.cn/")]
    public void Regional_endpoints_follow_the_service_and_region(string service, string region, string expected) =>
        Assert.Equal(new Uri(expected), AwsEndpoints.Regional(service, region));

    [Fact]
    public void The_service_specific_variable_wins_over_the_global_one()
    {
        var env = Env(("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:4567"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"));
        Assert.Equal(new Uri("http://127.0.0.1:4567"), AwsEndpoints.FromEnvironment("kinesis", env));
        Assert.Equal(new Uri("http://127.0.0.1:9999"), AwsEndpoints.FromEnvironment("sns", env));
        Assert.Null(AwsEndpoints.FromEnvironment("sns", Env()));
    }

    [Theory]
    [InlineData(null, "eu-west-1")]
    [InlineData("", "eu-west-1")]
    [InlineData(" ", "eu-west-1")]
    [InlineData("sns", null)]
    [InlineData("sns", "")]
    [InlineData("sns", " ")]
    public void A_missing_service_or_region_is_refused(string? service, string? region) =>
        Assert.ThrowsAny<ArgumentException>(() => AwsEndpoints.Regional(service!, region!));

    [Fact]
    public void A_blank_service_variable_falls_back_to_the_global_one()
    {
        var env = Env(("AWS_ENDPOINT_URL_KINESIS", "  "), ("AWS_ENDPOINT_URL", " http://127.0.0.1:9999 "));
        Assert.Equal(new Uri("http://127.0.0.1:9999"), AwsEndpoints.FromEnvironment("kinesis", env));
        // Service ids with spaces and dashes: "Kinesis Video" -> AWS_ENDPOINT_URL_KINESIS_VIDEO.
        var video = Env(("AWS_ENDPOINT_URL_KINESIS_VIDEO_MEDIA", "http://127.0.0.1:4568"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"));
        Assert.Equal(new Uri("http://127.0.0.1:4568"), AwsEndpoints.FromEnvironment("kinesis video-media", video));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("file:///tmp/s3")]
    public void An_endpoint_that_is_not_http_is_refused(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => AwsEndpoints.FromEnvironment("s3", Env(("AWS_ENDPOINT_URL", value))));
        Assert.Equal($"AWS_ENDPOINT_URL is not an http(s) URL: '{value}'.", e.Message);
        Assert.Equal(new Uri("https://s3.local:8443/"), AwsEndpoints.FromEnvironment("s3", Env(("AWS_ENDPOINT_URL", "https://s3.local:8443/"))));
    }

    [Fact]
    public void A_bad_endpoint_URL_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => AwsEndpoints.FromEnvironment("rekognition", Env(("AWS_ENDPOINT_URL_REKOGNITION", "localhost:4566"))));
        Assert.Contains("AWS_ENDPOINT_URL_REKOGNITION is not an http(s) URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_reads_region_endpoint_and_credentials_lazily()
    {
        AwsClientOptions options = AwsClientOptions.FromEnvironment("sns", Env(("AWS_REGION", "eu-central-1")));
        Assert.Equal("eu-central-1", options.Region);
        Assert.Null(options.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(4, options.MaxAttempts);
        Assert.Equal("eu-central-1", AwsClientOptions.FromEnvironment("sns", Env(("AWS_DEFAULT_REGION", "eu-central-1"))).Region);
        Assert.Contains("AWS_REGION", Assert.Throws<InvalidOperationException>(() => AwsClientOptions.FromEnvironment("sns", Env())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_built_from_the_environment_signs_with_the_environment_credentials_at_the_overridden_endpoint()
    {
        await using StubAwsServer server = await StubAwsServer.StartAsync("kinesis");
        server.Responder = (_, _, context) => StubAwsServer.Respond(context, 200, "application/x-amz-json-1.1", """{"ShardIterator":"it"}""");
        var env = Env(
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL_KINESIS", server.Endpoint.ToString()),
            ("AWS_ACCESS_KEY_ID", StubAwsServer.Credentials.AccessKeyId),
            ("AWS_SECRET_ACCESS_KEY", StubAwsServer.Credentials.SecretAccessKey),
            ("AWS_SESSION_TOKEN", "lambda-session-token"));

        await new KinesisClient(AwsClientOptions.FromEnvironment("kinesis", env)).GetShardIteratorAsync(
            new GetShardIteratorRequest { StreamName = "s", ShardId = "shardId-000000000000", ShardIteratorType = "LATEST" });

        ReceivedRequest request = Assert.Single(server.Requests);
        Assert.Null(request.SignatureProblem);
        Assert.Equal("lambda-session-token", request.Header("X-Amz-Security-Token"));
    }
}

public sealed class CredentialsTests
{
    [Fact]
    public async Task Environment_credentials_include_the_session_token_and_missing_keys_are_a_clear_error()
    {
        var values = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "AKID", ["AWS_SECRET_ACCESS_KEY"] = "secret", ["AWS_SESSION_TOKEN"] = "token" };
        var source = new EnvironmentCredentialSource(name => values.GetValueOrDefault(name));

        Assert.Equal(new AwsCredentials("AKID", "secret", "token"), await source.GetCredentialsAsync());
        values["AWS_SESSION_TOKEN"] = "";
        Assert.Null((await source.GetCredentialsAsync()).SessionToken);
        values.Remove("AWS_SECRET_ACCESS_KEY");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await source.GetCredentialsAsync());
        Assert.Contains("AWS_SECRET_ACCESS_KEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_never_appears_in_ToString()
    {
        string text = new AwsCredentials("AKIDPUBLIC", "very-secret-key", "secret-token").ToString();
        Assert.Contains("AKIDPUBLIC", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_says_whether_a_session_token_and_an_expiry_are_set()
    {
        Assert.Equal("AwsCredentials { AccessKeyId = AKID, SessionToken = none, Expiration = none }", new AwsCredentials("AKID", "s").ToString());
        Assert.Equal("AwsCredentials { AccessKeyId = AKID, SessionToken = set, Expiration = 2026-11-25T09:00:00.0000000+00:00 }",
            new AwsCredentials("AKID", "s", "t", new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)).ToString());
    }

    [Fact]
    public async Task Temporary_credentials_are_cached_until_five_minutes_before_expiry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        int fetches = 0;
        using var source = new RefreshingCredentialSource(_ =>
        {
            fetches++;
            return Task.FromResult(new AwsCredentials($"AKID{fetches}", "s", "t", time.GetUtcNow().AddHours(1)));
        }, time);

        Assert.Equal("AKID1", (await source.GetCredentialsAsync()).AccessKeyId);
        time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("AKID1", (await source.GetCredentialsAsync()).AccessKeyId); // 6 min left
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("AKID2", (await source.GetCredentialsAsync()).AccessKeyId); // exactly 5 min left: refreshed
        Assert.Equal("AKID2", (await source.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_fetch_and_credentials_without_expiry_are_kept()
    {
        int fetches = 0;
        var release = new TaskCompletionSource();
        using var source = new RefreshingCredentialSource(async _ =>
        {
            Interlocked.Increment(ref fetches);
            await release.Task;
            return new AwsCredentials("AKID", "s");
        });

        var callers = Enumerable.Range(0, 8).Select(_ => source.GetCredentialsAsync().AsTask()).ToArray();
        release.SetResult();
        await Task.WhenAll(callers);
        await source.GetCredentialsAsync();

        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_using_credentials_that_have_not_expired_yet()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        int fetches = 0;
        using var source = new RefreshingCredentialSource(_ => ++fetches == 1
            ? Task.FromResult(new AwsCredentials("AKID1", "s", "t", time.GetUtcNow().AddMinutes(30)))
            : throw new HttpRequestException("IMDS unreachable"), time);

        await source.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(27));
        Assert.Equal("AKID1", (await source.GetCredentialsAsync()).AccessKeyId); // refresh failed, 3 min left
        time.Advance(TimeSpan.FromMinutes(3));
        await Assert.ThrowsAsync<HttpRequestException>(async () => await source.GetCredentialsAsync()); // expired
        Assert.Equal(3, fetches);
    }

    [Fact]
    public async Task A_failed_fetch_is_reported_and_the_next_call_tries_again()
    {
        int fetches = 0;
        using var source = new RefreshingCredentialSource(_ => ++fetches == 1
            ? throw new InvalidOperationException("sso session expired")
            : Task.FromResult(new AwsCredentials("AKID", "s")));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await source.GetCredentialsAsync());
        Assert.Equal("AKID", (await source.GetCredentialsAsync()).AccessKeyId);
    }
}

/// <summary>
/// The CLI path through AWSSDK.Core for real: a shared credentials file whose profile runs a
/// credential_process printing temporary credentials (the same refreshing machinery as SSO and
/// instance roles), counting how often the SDK runs it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SdkCredentialsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("horus-sdk-creds-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteProfile(TimeSpan lifetime)
    {
        string counter = Path.Combine(_folder, "runs");
        string script = Path.Combine(_folder, "creds.sh");
        string expiry = DateTimeOffset.UtcNow.Add(lifetime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        File.WriteAllText(script, $$"""
            #!/bin/sh
            echo run >> '{{counter}}'
            n=$(wc -l < '{{counter}}' | tr -d ' ')
            printf '{"Version":1,"AccessKeyId":"ASIAPROCESS%s","SecretAccessKey":"process-secret","SessionToken":"process-token","Expiration":"{{expiry}}"}' "$n"
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string credentials = Path.Combine(_folder, "credentials");
        File.WriteAllText(credentials, $"[horus-test]\ncredential_process = {script}\nregion = ap-southeast-2\n");
        return credentials;
    }

    private int Runs => File.Exists(Path.Combine(_folder, "runs")) ? File.ReadAllLines(Path.Combine(_folder, "runs")).Length : 0;

    [Fact]
    public async Task Long_lived_temporary_credentials_are_fetched_once()
    {
        string file = WriteProfile(TimeSpan.FromHours(1));
        AwsClientOptions options = AwsClientOptions.ForCli("rekognition", "horus-test", region: null, profilesLocation: file);

        AwsCredentials first = await options.Credentials.GetCredentialsAsync();
        AwsCredentials second = await options.Credentials.GetCredentialsAsync();

        Assert.Equal("ap-southeast-2", options.Region); // from the profile
        Assert.Equal(("ASIAPROCESS1", "process-secret", "process-token"), (first.AccessKeyId, first.SecretAccessKey, first.SessionToken));
        Assert.NotNull(first.Expiration);
        Assert.Same(first, second);
        Assert.Equal(1, Runs);
    }

    [Fact]
    public async Task Credentials_expiring_within_five_minutes_are_refreshed_on_the_next_call()
    {
        string file = WriteProfile(TimeSpan.FromMinutes(4));
        AwsClientOptions options = AwsClientOptions.ForCli("rekognition", "horus-test", region: "eu-west-1", profilesLocation: file);

        AwsCredentials first = await options.Credentials.GetCredentialsAsync();
        AwsCredentials second = await options.Credentials.GetCredentialsAsync();

        Assert.Equal("eu-west-1", options.Region);
        Assert.Equal("ASIAPROCESS1", first.AccessKeyId);
        Assert.Equal("ASIAPROCESS2", second.AccessKeyId);
        Assert.Equal(2, Runs);
    }

    [Fact]
    public async Task A_profile_with_long_term_keys_gives_no_session_token_and_no_expiry()
    {
        string file = Path.Combine(_folder, "static-credentials");
        File.WriteAllText(file, "[horus-static]\naws_access_key_id = AKIASTATIC\naws_secret_access_key = static-secret\n");
        AwsCredentials credentials = await AwsClientOptions.ForCli("sns", "horus-static", "eu-west-1", file).Credentials.GetCredentialsAsync();
        Assert.Equal(new AwsCredentials("AKIASTATIC", "static-secret"), credentials);
    }

    [Fact]
    public async Task Process_credentials_keep_their_expiry_as_a_UTC_instant()
    {
        string file = WriteProfile(TimeSpan.FromHours(1));
        AwsCredentials credentials = await AwsClientOptions.ForCli("rekognition", "horus-test", "eu-west-1", file).Credentials.GetCredentialsAsync();
        DateTimeOffset expiry = Assert.NotNull(credentials.Expiration);
        Assert.Equal(TimeSpan.Zero, expiry.Offset);
        Assert.InRange(expiry - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public void An_unknown_profile_is_a_clear_error()
    {
        string file = WriteProfile(TimeSpan.FromHours(1));
        var e = Assert.Throws<InvalidOperationException>(() => AwsClientOptions.ForCli("sns", "no-such-profile", "eu-west-1", file));
        Assert.Contains("'no-such-profile' not found", e.Message, StringComparison.Ordinal);
    }
}
