using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EyeOfHorus.Aws.Tests;

/// <summary>
/// Each failure mode has one defined outcome: what is retried, how many attempts are made, and
/// which exception (with which fields) the caller finally sees.
/// </summary>
public sealed class FaultTests : IAsyncLifetime
{
    private const string JsonType = "application/x-amz-json-1.1";
    private StubAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await StubAwsServer.StartAsync("rekognition");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static DetectFacesRequest Detect => new() { Image = new Image { Bytes = [1, 2, 3] } };

    private static Task Ok(HttpContext context) => StubAwsServer.Respond(context, 200, JsonType, """{"FaceDetails":[{"Confidence":98.5}]}""");

    private static Task Throttle(HttpContext context) => StubAwsServer.Respond(context, 400, JsonType,
        """{"__type":"ThrottlingException","Message":"Slow down; sudden increase in rate of requests."}""", ("x-amzn-RequestId", "throttled-id"));

    [Fact]
    public async Task Throttling_is_retried_until_it_passes()
    {
        _server.Responder = (_, n, context) => n <= 2 ? Throttle(context) : Ok(context);

        DetectFacesResponse response = await new RekognitionClient(_server.ClientOptions()).DetectFacesAsync(Detect);

        Assert.Equal(98.5f, Assert.Single(response.FaceDetails!).Confidence);
        Assert.Equal(3, _server.Requests.Count);
        // Every attempt is freshly signed and identical in content.
        Assert.All(_server.Requests, r => Assert.Null(r.SignatureProblem));
        Assert.Single(_server.Requests.Select(r => r.BodyText).Distinct());
    }

    [Fact]
    public async Task Throttling_on_every_attempt_ends_in_a_throttling_service_exception_after_MaxAttempts()
    {
        _server.Responder = (_, _, context) => Throttle(context);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new RekognitionClient(_server.ClientOptions(maxAttempts: 3)).DetectFacesAsync(Detect));

        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(("rekognition", "DetectFaces", 400, "ThrottlingException", "throttled-id"), (e.Service, e.Operation, e.StatusCode, e.ErrorCode, e.RequestId));
        Assert.True(e.IsThrottling);
        Assert.True(e.IsRetryable);
        Assert.Equal("Slow down; sudden increase in rate of requests.", e.ErrorMessage);
    }

    [Theory]
    [InlineData(500, """{"__type":"InternalServerError","Message":"Internal server error"}""", "InternalServerError")]
    [InlineData(503, "<html><body>Service Unavailable</body></html>", "503")]
    [InlineData(502, "", "502")]
    [InlineData(429, "", "429")]
    [InlineData(400, """{"__type":"ProvisionedThroughputExceededException","Message":"Provisioned Rate exceeded."}""", "ProvisionedThroughputExceededException")]
    public async Task Server_errors_and_throttling_are_retried_then_reported(int status, string body, string code)
    {
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, status, body.StartsWith('{') ? JsonType : "text/html", body);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new RekognitionClient(_server.ClientOptions(maxAttempts: 4)).DetectFacesAsync(Detect));

        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal((status, code), (e.StatusCode, e.ErrorCode));
        Assert.True(e.IsRetryable);
        Assert.Equal(status == 429 || code.Contains("Provisioned", StringComparison.Ordinal), e.IsThrottling);
    }

    [Theory]
    [InlineData("""{"__type":"InvalidParameterException","Message":"Request has Invalid Parameters"}""", "InvalidParameterException")]
    [InlineData("""{"__type":"com.amazonaws.rekognition#ImageTooLargeException:http://internal.amazon.com/coral/","Message":"Image size is too large."}""", "ImageTooLargeException")]
    [InlineData("""{"__type":"InvalidImageFormatException","Message":"Request has invalid image format."}""", "InvalidImageFormatException")]
    [InlineData("""{"__type":"LimitExceededException","Message":"quota"}""", "LimitExceededException")]
    [InlineData("""{"__type":"AccessDeniedException"}""", "AccessDeniedException")]
    public async Task Client_errors_are_never_retried(string body, string code)
    {
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 400, JsonType, body);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new RekognitionClient(_server.ClientOptions()).DetectFacesAsync(Detect));

        Assert.Single(_server.Requests);
        Assert.Equal(code, e.ErrorCode);
        Assert.False(e.IsRetryable);
        Assert.False(e.IsThrottling);
    }

    [Fact]
    public async Task The_developer_guide_InvalidS3ObjectException_answer_is_reported_with_its_request_id()
    {
        string raw = Vectors.Read("wire", "rekognition", "devguide-error-InvalidS3ObjectException.http.txt");
        string body = raw[(raw.IndexOf("\n\n", StringComparison.Ordinal) + 2)..].TrimEnd('\n');
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 400, JsonType, body, ("x-amzn-RequestId", "03507c9b-7e84-11e9-9ad1-854a4567eb71"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new RekognitionClient(_server.ClientOptions()).IndexFacesAsync(new IndexFacesRequest
        {
            CollectionId = "faces", Image = new Image { S3Object = new S3Object { Bucket = "b", Name = "faces/alice/1.jpg" } },
        }));

        Assert.Single(_server.Requests);
        Assert.Equal(("InvalidS3ObjectException", 400, "03507c9b-7e84-11e9-9ad1-854a4567eb71"), (e.ErrorCode, e.StatusCode, e.RequestId));
        Assert.StartsWith("Unable to get object metadata from S3.", e.ErrorMessage, StringComparison.Ordinal);
    }

    // The stalled handler waits until the client gives up on the attempt and closes the connection.
    private static Task Stall(HttpContext context) =>
        Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);

    [Fact]
    public async Task A_response_slower_than_the_timeout_is_retried_and_then_reported_as_outcome_unknown()
    {
        _server.Responder = (_, _, context) => Stall(context);

        var e = await Assert.ThrowsAsync<AwsTransportException>(() =>
            new RekognitionClient(_server.ClientOptions(maxAttempts: 2, timeout: TimeSpan.FromSeconds(1))).DetectFacesAsync(Detect));

        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(("rekognition", "DetectFaces", 2, true), (e.Service, e.Operation, e.Attempts, e.OutcomeUnknown));
        Assert.Contains("no response within 1 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_first_attempt_is_abandoned_and_the_retry_succeeds()
    {
        _server.Responder = (_, n, context) => n == 1 ? Stall(context) : Ok(context);

        DetectFacesResponse response = await new RekognitionClient(_server.ClientOptions(timeout: TimeSpan.FromSeconds(2))).DetectFacesAsync(Detect);

        Assert.Single(response.FaceDetails!);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_reset_connection_is_retried_and_persistent_resets_are_reported_as_outcome_unknown()
    {
        _server.Responder = (_, n, context) => n == 1 ? StubAwsServer.Reset(context) : Ok(context);
        Assert.Single((await new RekognitionClient(_server.ClientOptions()).DetectFacesAsync(Detect)).FaceDetails!);
        Assert.Equal(2, _server.Requests.Count);

        // A fresh server, so no attempt rides on a pooled connection (which the handler may itself retry once).
        await using StubAwsServer resetting = await StubAwsServer.StartAsync("rekognition");
        resetting.Responder = (_, _, context) => StubAwsServer.Reset(context);
        var e = await Assert.ThrowsAsync<AwsTransportException>(() => new RekognitionClient(resetting.ClientOptions(maxAttempts: 3)).DetectFacesAsync(Detect));
        Assert.Equal(3, resetting.Requests.Count);
        Assert.Equal(3, e.Attempts);
        Assert.True(e.OutcomeUnknown);
        Assert.Contains("network failure", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_refused_is_a_transport_failure_after_the_retries()
    {
        var options = _server.ClientOptions(maxAttempts: 2);
        await _server.DisposeAsync();

        var e = await Assert.ThrowsAsync<AwsTransportException>(() => new RekognitionClient(options).DetectFacesAsync(Detect));

        Assert.Equal(2, e.Attempts);
        Assert.IsType<HttpRequestException>(e.InnerException);
        _server = await StubAwsServer.StartAsync("rekognition"); // for DisposeAsync
    }

    [Fact]
    public async Task A_malformed_success_body_is_not_retried_and_is_reported_as_outcome_unknown()
    {
        // The developer guide's IndexFaces answer with its missing comma, verbatim.
        string malformed = Vectors.Read("wire", "rekognition", "devguide-IndexFaces.response.ALL-attrs.INVALID-JSON-missing-comma.txt");
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 200, JsonType, malformed);

        var e = await Assert.ThrowsAsync<AwsTransportException>(() => new RekognitionClient(_server.ClientOptions()).IndexFacesAsync(new IndexFacesRequest
        {
            CollectionId = "faces", Image = new Image { Bytes = [1] },
        }));

        Assert.Single(_server.Requests);
        Assert.Equal(1, e.Attempts);
        Assert.IsType<JsonException>(e.InnerException, exactMatch: false);
        Assert.Contains("HTTP 200 response could not be read", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"FaceDetails\":\"not-a-list\"}")]
    public async Task Other_unreadable_success_bodies_have_the_same_outcome(string body)
    {
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 200, JsonType, body);

        var e = await Assert.ThrowsAsync<AwsTransportException>(() => new RekognitionClient(_server.ClientOptions()).DetectFacesAsync(Detect));

        Assert.Single(_server.Requests);
        Assert.True(e.OutcomeUnknown);
    }

    [Fact]
    public async Task A_malformed_error_body_is_classified_by_its_status()
    {
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 400, JsonType, "{\"__type\": \"Trunc");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new RekognitionClient(_server.ClientOptions()).DetectFacesAsync(Detect));

        Assert.Single(_server.Requests);
        Assert.Equal(("400", false), (e.ErrorCode, e.IsRetryable));
    }

    [Fact]
    public async Task Cancellation_during_the_backoff_stops_at_once_without_another_attempt()
    {
        using var cts = new CancellationTokenSource();
        _server.Responder = (_, _, context) =>
        {
            cts.CancelAfter(TimeSpan.FromMilliseconds(200)); // while the client waits out its backoff
            return Throttle(context);
        };
        var options = _server.ClientOptions() with { RetryBaseDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromSeconds(30), Jitter = () => 0.99 };
        var client = new RekognitionClient(options);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.DetectFacesAsync(Detect, cts.Token));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Cancellation_during_a_slow_response_is_the_caller_s_cancellation_not_a_transport_failure()
    {
        using var cts = new CancellationTokenSource();
        _server.Responder = (_, _, context) =>
        {
            cts.CancelAfter(TimeSpan.FromMilliseconds(200));
            return Stall(context);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RekognitionClient(_server.ClientOptions()).DetectFacesAsync(Detect, cts.Token));

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task LimitExceededException_is_Kinesis_throttling_and_retried()
    {
        await using StubAwsServer kinesis = await StubAwsServer.StartAsync("kinesis");
        kinesis.Responder = (_, n, context) => n == 1
            ? StubAwsServer.Respond(context, 400, JsonType, """{"__type":"LimitExceededException","message":"Rate exceeded for stream s"}""")
            : StubAwsServer.Respond(context, 200, JsonType, """{"ShardIterator":"it-1"}""");

        GetShardIteratorResponse response = await new KinesisClient(kinesis.ClientOptions()).GetShardIteratorAsync(
            new GetShardIteratorRequest { StreamName = "s", ShardId = "shardId-000000000000", ShardIteratorType = "LATEST" });

        Assert.Equal("it-1", response.ShardIterator);
        Assert.Equal(2, kinesis.Requests.Count);
        Assert.All(kinesis.Requests, r => Assert.Equal("Kinesis_20131202.GetShardIterator", r.Header("X-Amz-Target")));
        Assert.All(kinesis.Requests, r => Assert.Null(r.SignatureProblem));
    }
}

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 1.0, 100)]
    [InlineData(2, 1.0, 200)]
    [InlineData(3, 0.5, 200)]
    [InlineData(4, 1.0, 800)]
    [InlineData(10, 1.0, 5000)] // capped
    [InlineData(30, 0.25, 1250)]
    [InlineData(3, 0.0, 0)] // full jitter reaches zero
    public void Delay_is_full_jitter_over_a_capped_exponential(int retry, double random, double expectedMs)
    {
        TimeSpan delay = AwsTransport.BackoffDelay(retry, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), random);
        Assert.Equal(expectedMs, delay.TotalMilliseconds, precision: 6);
    }
}
