using System.Globalization;
using System.Text.Json;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;
using EyeOfHorus.Testing.Faults;
using EyeOfHorus.Testing.Sns;
using Xunit.Abstractions;
using static EyeOfHorus.MatchAlerter.Tests.Records;

namespace EyeOfHorus.MatchAlerter.Tests;

/// <summary>
/// Lambda's Kinesis retry loop simulated over dynalite (behind a fault-injecting proxy) and the SNS
/// stand-in, with throttling, 5xx and timeouts injected on both. The expected alerts come from an
/// independent oracle (frame-time visit windows over the stream in order); lost and duplicated
/// alerts are counted, duplicates split by whether the client saw an unknown outcome for that alert.
/// Longer runs: HORUS_FAULT_BATCHES=20000 HORUS_FAULT_SEED=7 dotnet test --filter FaultInjection.
/// </summary>
[Collection(nameof(AlerterCollection))]
public sealed class FaultInjectionTests(AlerterHarness harness, ITestOutputHelper output)
{
    private static readonly string[] Streams = ["eye-of-horus-front-door", "eye-of-horus-garage"];
    private static readonly string?[] People = ["Alice", "Bob", "Carol", null];

    [Fact]
    public async Task No_alert_is_lost_and_none_is_duplicated_after_a_known_failure()
    {
        var batches = int.TryParse(Environment.GetEnvironmentVariable("HORUS_FAULT_BATCHES"), CultureInfo.InvariantCulture, out var b) ? b : 1000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HORUS_FAULT_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261125;
        var random = new Random(seed);
        var settings = new AlertSettings();
        var table = await harness.CreateTableAsync();
        harness.Sns.ClearPublished();
        harness.Sns.ClearQueuedFaults();
        harness.Sns.Stall = TimeSpan.FromSeconds(5);
        harness.DynamoProxy.Stall = TimeSpan.FromSeconds(5);

        var faultRandom = new Random(seed + 1);
        var faultLock = new object();
        double Roll() { lock (faultLock) return faultRandom.NextDouble(); }
        harness.Sns.FaultPolicy = () => Roll() switch
        {
            < 0.04 => SnsFault.Throttle,
            < 0.07 => SnsFault.InternalError,
            < 0.10 => SnsFault.ServiceUnavailable,
            < 0.11 => SnsFault.TimeoutAfterAccepting,
            _ => SnsFault.None,
        };
        harness.DynamoProxy.FaultPolicy = _ => Roll() switch
        {
            < 0.04 => DynamoDbFaults.Throttling,
            < 0.06 => DynamoDbFaults.ProvisionedThroughputExceeded,
            < 0.08 => DynamoDbFaults.InternalServerError,
            < 0.09 => DynamoDbFaults.ServiceUnavailable,
            < 0.093 => ProxyFault.StallAfterForwarding,
            < 0.096 => ProxyFault.StallBeforeForwarding,
            _ => ProxyFault.None,
        };

        var observer = new PublishObserver();
        using var snsHttp = new HttpClient(observer) { Timeout = Timeout.InfiniteTimeSpan };
        Function NewContainer() => harness.Function(table, harness.Dynamo(TimeSpan.FromMilliseconds(300), maxErrorRetry: 0),
            new EyeOfHorus.Aws.SnsClient(new EyeOfHorus.Aws.AwsClientOptions
            {
                Region = "us-east-1",
                Credentials = new EyeOfHorus.Aws.StaticCredentialSource(new EyeOfHorus.Aws.AwsCredentials("AKIDTEST", "test-secret")),
                Endpoint = harness.Sns.Endpoint,
                Timeout = TimeSpan.FromMilliseconds(300),
                MaxAttempts = 2,
                RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                RetryMaxDelay = TimeSpan.FromMilliseconds(5),
                HttpClient = snsHttp,
            }), settings);

        // The shard: enough records for the requested number of invocations.
        var stream = new List<KinesisEventRecord>();
        var time = Start;
        var invocations = 0;
        var retried = 0;
        var checkpoint = 0;
        var function = NewContainer();
        while (invocations < batches || checkpoint < stream.Count)
        {
            while (stream.Count < checkpoint + 10 && invocations < batches)
            {
                time = time.AddMilliseconds(random.Next(1, 90_000));
                stream.Add(Event(stream.Count + 1, NextRecord(random, time)));
            }
            var batch = stream.Skip(checkpoint).Take(random.Next(1, 5)).ToList();
            if (random.NextDouble() < 0.3) function = NewContainer(); // Lambda may or may not reuse a container
            var outcome = await function.Processor.ProcessAsync(new KinesisEvent(batch));
            invocations++;
            var failed = outcome.Response.BatchItemFailures.Select(f => f.ItemIdentifier).ToList();
            Assert.All(failed, id => Assert.Contains(batch, r => r.Kinesis!.SequenceNumber == id));
            if (failed.Count == 0) checkpoint += batch.Count;
            else
            {
                retried++;
                checkpoint = stream.FindIndex(r => failed.Contains(r.Kinesis!.SequenceNumber!));
            }
            Assert.True(invocations < batches * 20, "The shard is not making progress.");
        }

        // The oracle: one alert per (camera, subject) per frame-time window, in stream order.
        var policy = new AlertPolicy(settings, CameraDirectory.Parse(AlerterHarness.CameraStreams));
        var windows = new Dictionary<string, DateTimeOffset>();
        var expected = new HashSet<string>();
        foreach (var record in stream)
        {
            if (!MatchRecordCodec.TryDecode(Convert.FromBase64String(record.Kinesis!.Data!), out var decoded, out _)) continue;
            foreach (var sighting in policy.Decide(decoded!, DateTimeOffset.UnixEpoch))
            {
                if (windows.TryGetValue(sighting.CooldownKey, out var ends) && sighting.Time < ends) continue;
                windows[sighting.CooldownKey] = sighting.Time + settings.Cooldown;
                expected.Add(PublishObserver.Identity(sighting.Camera, sighting.Subject.Event, sighting.Subject.Person, sighting.Time));
            }
        }

        var published = harness.Sns.Published.GroupBy(m => PublishObserver.Identity(m.Message)).ToDictionary(g => g.Key, g => g.Count());
        var lost = expected.Count(e => !published.ContainsKey(e));
        var unexpected = published.Keys.Count(p => !expected.Contains(p));
        int duplicatesAfterUnknown = 0, duplicatesAfterKnown = 0;
        foreach (var (identity, count) in published)
        {
            var unknownOutcomes = observer.UnknownOutcomes(identity);
            duplicatesAfterUnknown += Math.Min(count - 1, unknownOutcomes);
            duplicatesAfterKnown += Math.Max(0, count - 1 - unknownOutcomes);
        }
        output.WriteLine($"seed {seed}: {invocations} invocations ({retried} with reported failures) over {stream.Count} records; " +
            $"{expected.Count} alerts expected, {harness.Sns.Published.Count} published; SNS requests {harness.Sns.RequestCount}, " +
            $"DynamoDB requests {harness.DynamoProxy.RequestCount} ({harness.DynamoProxy.FaultCount} faulted); client-side unknown publish outcomes {observer.TotalUnknown}.");
        output.WriteLine($"lost {lost}, unexpected {unexpected}, duplicated after known failures {duplicatesAfterKnown}, duplicated after unknown outcomes {duplicatesAfterUnknown}");
        harness.Sns.FaultPolicy = null;
        harness.DynamoProxy.FaultPolicy = null;

        Assert.True(invocations >= batches);
        Assert.True(expected.Count > batches / 10, "The stream should produce plenty of alerts.");
        Assert.True(retried > batches / 20, "Faults should have forced plenty of retries.");
        Assert.Equal(0, lost);
        Assert.Equal(0, unexpected);
        Assert.Equal(0, duplicatesAfterKnown);
    }

    private static MatchRecord NextRecord(Random random, DateTimeOffset time)
    {
        var stream = Streams[random.Next(Streams.Length)];
        var faces = Enumerable.Range(0, random.Next(1, 3)).Select(_ =>
        {
            var person = People[random.Next(People.Length)];
            var weak = random.NextDouble() < 0.1;
            return (person, weak ? 70.0 : 90 + random.NextDouble() * 10, 85 + random.NextDouble() * 15, 0.1 + random.NextDouble() * 0.3);
        }).ToArray();
        return Faces(stream, time, faces);
    }

    /// <summary>
    /// Sees every Publish attempt the SNS client makes and whether the client got an answer: an
    /// attempt without one (timeout, reset) has an unknown outcome, and may legitimately repeat.
    /// </summary>
    private sealed class PublishObserver() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly Dictionary<string, int> _unknown = [];

        public int TotalUnknown { get { lock (_unknown) return _unknown.Values.Sum(); } }

        public int UnknownOutcomes(string identity) { lock (_unknown) return _unknown.GetValueOrDefault(identity); }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = await request.Content!.ReadAsStringAsync(cancellationToken);
            var message = form.Split('&').Select(p => p.Split('=', 2)).First(p => p[0] == "Message")[1];
            var identity = Identity(Uri.UnescapeDataString(message.Replace('+', ' ')));
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            catch (Exception)
            {
                lock (_unknown) _unknown[identity] = _unknown.GetValueOrDefault(identity) + 1;
                throw;
            }
        }

        public static string Identity(string camera, string @event, string? person, DateTimeOffset time) =>
            $"{camera}|{@event}|{person}|{time.ToUnixTimeMilliseconds()}";

        /// <summary>The identity of a published MessageStructure=json message, from its machine document.</summary>
        public static string Identity(string snsMessage)
        {
            using var perProtocol = JsonDocument.Parse(snsMessage);
            using var document = JsonDocument.Parse(perProtocol.RootElement.GetProperty("sqs").GetString()!);
            var d = document.RootElement;
            return Identity(d.GetProperty("camera").GetString()!, d.GetProperty("event").GetString()!,
                d.TryGetProperty("person", out var p) ? p.GetString() : null,
                DateTimeOffset.Parse(d.GetProperty("time").GetString()!, CultureInfo.InvariantCulture));
        }
    }
}
