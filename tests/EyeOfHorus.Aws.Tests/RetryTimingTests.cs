using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace EyeOfHorus.Aws.Tests;

/// <summary>
/// The retry loop against a real HTTP server with the clock under the test's control: the
/// backoff before each retry is exactly what the policy says, and bad options are refused at
/// construction.
/// </summary>
public sealed class RetryTimingTests : IAsyncLifetime
{
    private const string JsonType = "application/x-amz-json-1.1";
    private StubAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await StubAwsServer.StartAsync("rekognition");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static DetectFacesRequest Detect => new() { Image = new Image { Bytes = [1, 2, 3] } };

    private static Task Unlisted500(HttpContext context) =>
        StubAwsServer.Respond(context, 500, JsonType, """{"__type":"SomethingNobodyListed","Message":"boom"}""");

    private static Task Ok(HttpContext context) => StubAwsServer.Respond(context, 200, JsonType, """{"FaceDetails":[]}""");

    /// <summary>Real time passes but the fake clock does not: no retry may start.</summary>
    private async Task AssertNoRetryYetAsync(int count)
    {
        await Task.Delay(300);
        Assert.Equal(count, _server.Requests.Count);
    }

    /// <summary>A fake clock that reports each timer created on it (Task.Delay makes one per backoff).</summary>
    private sealed class ObservedClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero))
    {
        public SemaphoreSlim TimerCreated { get; } = new(0);

        public List<TimeSpan> DueTimes { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ITimer timer = base.CreateTimer(callback, state, dueTime, period);
            lock (DueTimes)
            {
                DueTimes.Add(dueTime);
            }
            TimerCreated.Release();
            return timer;
        }
    }

    [Fact]
    public async Task Retries_wait_the_capped_exponential_backoff_times_the_jitter_on_the_given_clock()
    {
        var clock = new ObservedClock();
        _server.Responder = (_, n, context) => n <= 3 ? Unlisted500(context) : Ok(context);
        AwsClientOptions options = _server.ClientOptions() with
        {
            TimeProvider = clock,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            RetryMaxDelay = TimeSpan.FromMilliseconds(300),
            Jitter = () => 0.5,
        };

        Task<DetectFacesResponse> call = new RekognitionClient(options).DetectFacesAsync(Detect);

        // Retry 1: 0.5 x 100 ms; retry 2: 0.5 x 200 ms; retry 3: 0.5 x min(300, 400) ms.
        foreach ((int sent, int waitMs) in new[] { (1, 50), (2, 100), (3, 150) })
        {
            Assert.True(await clock.TimerCreated.WaitAsync(TimeSpan.FromSeconds(10)), $"no backoff after attempt {sent}");
            Assert.Equal(sent, _server.Requests.Count);
            clock.Advance(TimeSpan.FromMilliseconds(waitMs - 1));
            await AssertNoRetryYetAsync(sent);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, _server.Requests.Count);
        Assert.Equal([50, 100, 150], clock.DueTimes.Select(t => t.TotalMilliseconds));
        // The request date is the given clock's.
        Assert.All(_server.Requests, r => Assert.StartsWith("20260102T0304", r.Header("X-Amz-Date"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_500_with_an_unlisted_code_is_retried_up_to_MaxAttempts()
    {
        _server.Responder = (_, _, context) => Unlisted500(context);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new RekognitionClient(_server.ClientOptions(maxAttempts: 3)).DetectFacesAsync(Detect));

        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal((500, "SomethingNobodyListed", "boom"), (e.StatusCode, e.ErrorCode, e.ErrorMessage));
    }

    [Fact]
    public async Task A_zero_jitter_retries_at_once_without_touching_the_clock()
    {
        var clock = new ObservedClock();
        _server.Responder = (_, n, context) => n == 1 ? Unlisted500(context) : Ok(context);

        await new RekognitionClient(_server.ClientOptions() with { TimeProvider = clock, Jitter = () => 0 }).DetectFacesAsync(Detect).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, _server.Requests.Count);
        Assert.Empty(clock.DueTimes);
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        _server.Responder = (_, _, context) => Unlisted500(context);

        await Assert.ThrowsAsync<AwsServiceException>(() => new RekognitionClient(_server.ClientOptions(maxAttempts: 1)).DetectFacesAsync(Detect));

        Assert.Single(_server.Requests);
    }

    [Fact]
    public void Options_without_an_attempt_or_with_no_time_are_refused()
    {
        Assert.Contains("MaxAttempts must be at least 1.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new RekognitionClient(_server.ClientOptions(maxAttempts: 0))).Message, StringComparison.Ordinal);
        Assert.Contains("Timeout must be positive.",
            Assert.Throws<ArgumentOutOfRangeException>(() => new RekognitionClient(_server.ClientOptions(timeout: TimeSpan.Zero))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RekognitionClient(_server.ClientOptions(timeout: TimeSpan.FromSeconds(-1))));
        _ = new RekognitionClient(_server.ClientOptions(maxAttempts: 1, timeout: TimeSpan.FromTicks(1)));
    }
}
