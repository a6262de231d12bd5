using System.Text;
using System.Text.Json;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;
using EyeOfHorus.Testing.Faults;
using EyeOfHorus.Testing.Sns;
using static EyeOfHorus.MatchAlerter.Tests.Records;

namespace EyeOfHorus.MatchAlerter.Tests;

[CollectionDefinition(nameof(AlerterCollection))]
public sealed class AlerterCollection : ICollectionFixture<AlerterHarness>;

[Collection(nameof(AlerterCollection))]
public sealed class AlerterTests(AlerterHarness harness) : IAsyncLifetime
{
    private const string FrontDoor = "eye-of-horus-front-door";
    private string _table = "";

    public async Task InitializeAsync() => _table = await harness.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    // One attempt per call, so that each injected fault exhausts the clients' retries.
    private Function NewFunction(AlertSettings? settings = null) => harness.Function(_table, harness.Dynamo(maxErrorRetry: 0), harness.SnsClient(TimeSpan.FromSeconds(3), maxAttempts: 1), settings);

    private void NoFailures(BatchOutcome outcome)
    {
        lock (harness.Log) Assert.True(outcome.Response.BatchItemFailures.Count == 0, "Failures reported; log:\n" + string.Join('\n', harness.Log));
    }

    private void FailuresAre(string sequenceNumber, BatchOutcome outcome)
    {
        lock (harness.Log) Assert.True(Failures(outcome) is [var only] && only == sequenceNumber, $"Expected only {sequenceNumber} to fail; log:\n" + string.Join('\n', harness.Log));
    }

    private static string[] Failures(BatchOutcome outcome) => [.. outcome.Response.BatchItemFailures.Select(f => f.ItemIdentifier)];

    private static string Vector(string name) => Path.Combine(AppContext.BaseDirectory, "vectors", name);

    [Fact]
    public void Handle_answers_the_documented_partial_batch_response_and_skips_records_that_are_not_match_records()
    {
        // The aws-lambda-dotnet Kinesis event (UTF-8 BOM, data "Hello World"): both records are
        // malformed for us, skipped, and the batch succeeds.
        using var input = File.OpenRead(Vector("kinesis-event.json"));
        using var output = NewFunction().Handle(input);
        var response = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, response.GetProperty("batchItemFailures").GetArrayLength());
        Assert.Empty(harness.Sns.Published);
        Assert.Contains(harness.Log, l => l.Contains("49568167373333333333333333333333333333333333333333333333", StringComparison.Ordinal) && l.Contains("malformed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_documentation_record_alerts_with_the_raw_external_image_id_when_it_is_not_one_of_ours()
    {
        var record = File.ReadAllBytes(Vector("awsdocs-devguide-streaming-video-kinesis-output.json"));
        var outcome = await NewFunction(new AlertSettings { FaceMatchThreshold = 80 }).Processor.ProcessAsync(Batch(Event(1, record)));
        NoFailures(outcome);
        var message = Assert.Single(harness.Sns.Published);
        Assert.Equal("person_recognised", message.MessageAttributes["event"].StringValue);
        Assert.Equal("stream-name", message.MessageAttributes["camera"].StringValue);
        Assert.Equal("matchedImage.jpeg", message.MessageAttributes["person"].StringValue);
        Assert.Equal("Eye of Horus: matchedImage.jpeg seen at stream-name", message.Subject);
    }

    [Fact]
    public async Task A_batch_gives_one_alert_per_camera_and_subject_and_the_cooldown_holds_across_batches()
    {
        var function = NewFunction();
        var t = Start;
        var first = await function.Processor.ProcessAsync(Batch(
            Event(1, Face(FrontDoor, "Alice", t)),
            Event(2, Face(FrontDoor, "Alice", t.AddSeconds(5))),
            Event(3, Face(FrontDoor, null, t.AddSeconds(6))),
            Event(4, Face("eye-of-horus-garage", "Alice", t.AddSeconds(7))),
            Event(5, Faces(FrontDoor, t.AddSeconds(8), ("Bob", 95, 99, 0.2), ("Alice", 99, 99, 0.2), (null, 0, 99, 0.2)))));
        NoFailures(first);
        Assert.Equal(
            ["front-door|Alice|person_recognised", "front-door||unknown_face", "garage|Alice|person_recognised", "front-door|Bob|person_recognised"],
            harness.Sns.Published.Select(Identity));
        Assert.Equal(4, first.Published);
        Assert.Equal(3, first.Suppressed);

        var second = await NewFunction().Processor.ProcessAsync(Batch(Event(6, Face(FrontDoor, "Alice", t.AddSeconds(299)))));
        Assert.Equal((0, 1), (second.Published, second.Suppressed));

        var later = await NewFunction().Processor.ProcessAsync(Batch(Event(7, Face(FrontDoor, "Alice", t.AddSeconds(300)))));
        Assert.Equal((1, 0), (later.Published, later.Suppressed));
        Assert.Equal(5, harness.Sns.Published.Count);
    }

    [Fact]
    public async Task Within_one_batch_a_sighting_after_the_window_is_a_new_visit()
    {
        var outcome = await NewFunction().Processor.ProcessAsync(Batch(
            Event(1, Face(FrontDoor, "Alice", Start)),
            Event(2, Face(FrontDoor, "Alice", Start.AddSeconds(200))),
            Event(3, Face(FrontDoor, "Alice", Start.AddSeconds(301)))));
        Assert.Equal((2, 1), (outcome.Published, outcome.Suppressed));
    }

    [Fact]
    public async Task The_alert_message_has_text_for_people_sms_json_for_machines_and_filter_attributes()
    {
        await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Zoë O'Brien", Start.AddMilliseconds(250), similarity: 97.25))));
        var message = Assert.Single(harness.Sns.Published);
        Assert.Equal("json", message.MessageStructure);
        Assert.Equal("Eye of Horus: Zoe O'Brien seen at front-door", message.Subject);
        Assert.Contains("Zoë O'Brien seen at front-door.", message.MessageFor("email"), StringComparison.Ordinal);
        Assert.Contains("When: 2026-11-25 09:00:00 UTC", message.MessageFor("email"), StringComparison.Ordinal);
        Assert.Contains("97.3% match", message.MessageFor("email"), StringComparison.Ordinal);
        Assert.Equal("Horus: Zoë O'Brien seen at front-door 09:00 UTC (97.3%)", message.MessageFor("sms"));
        var document = JsonDocument.Parse(message.MessageFor("sqs")).RootElement;
        Assert.Equal("person_recognised", document.GetProperty("event").GetString());
        Assert.Equal("Zoë O'Brien", document.GetProperty("person").GetString());
        Assert.Equal("2026-11-25T09:00:00.250Z", document.GetProperty("time").GetString());
        Assert.Equal(97.25, document.GetProperty("similarity").GetDouble());
        Assert.Equal(("String", "Zoë O'Brien"), message.MessageAttributes["person"]);
        Assert.Equal(("String", "front-door"), message.MessageAttributes["camera"]);
    }

    [Fact]
    public async Task Unknown_faces_respect_minimum_confidence_and_size_and_events_can_be_disabled()
    {
        var outcome = await NewFunction().Processor.ProcessAsync(Batch(
            Event(1, Face(FrontDoor, null, Start, confidence: 89.9)),
            Event(2, Face(FrontDoor, null, Start.AddSeconds(1), size: 0.14)),   // 0.0196 of the frame
            Event(3, Face(FrontDoor, "Alice", Start.AddSeconds(2), similarity: 89.99, confidence: 80))));
        Assert.Equal(0, outcome.Published);
        var onlyUnknown = await NewFunction(new AlertSettings { Events = new HashSet<string> { AlertEvents.UnknownFace } }).Processor.ProcessAsync(Batch(
            Event(4, Face(FrontDoor, "Alice", Start.AddSeconds(3))),
            Event(5, Face(FrontDoor, "Bob", Start.AddSeconds(4), similarity: 50))));
        Assert.Equal("front-door||unknown_face", Identity(Assert.Single(harness.Sns.Published)));
        Assert.Equal(1, onlyUnknown.Published);
    }

    [Fact]
    public async Task Malformed_records_are_logged_with_their_sequence_number_and_never_block_the_batch()
    {
        var outcome = await NewFunction().Processor.ProcessAsync(Batch(
            new KinesisEventRecord(new KinesisData(Sequence(1), "%%% not base64"), "shardId-000000000000:" + Sequence(1)),
            Event(2, "{\"InputInformation\":"u8.ToArray()),
            Event(3, "{}"u8.ToArray()),
            new KinesisEventRecord(new KinesisData(null, "e30=")),
            Event(5, Face(FrontDoor, "Alice", Start))));
        NoFailures(outcome);
        Assert.Equal(4, outcome.Malformed);
        Assert.Single(harness.Sns.Published);
        Assert.Contains(harness.Log, l => l.Contains(Sequence(1), StringComparison.Ordinal) && l.Contains("not base64", StringComparison.Ordinal));
        Assert.Contains(harness.Log, l => l.Contains(Sequence(3), StringComparison.Ordinal) && l.Contains("InputInformation", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SnsFault.Throttle)]
    [InlineData(SnsFault.InternalError)]
    [InlineData(SnsFault.ServiceUnavailable)]
    public async Task A_rejected_publish_reports_exactly_that_record_and_its_retry_publishes_once(SnsFault fault)
    {
        var batch = Batch(Event(1, Face(FrontDoor, "Alice", Start)), Event(2, Face(FrontDoor, "Bob", Start.AddSeconds(1))), Event(3, Face(FrontDoor, "Carol", Start.AddSeconds(2))));
        harness.Sns.EnqueueFaults(SnsFault.None, fault);
        var first = await NewFunction().Processor.ProcessAsync(batch);
        FailuresAre(Sequence(2), first);
        Assert.Equal(["front-door|Alice|person_recognised"], harness.Sns.Published.Select(Identity));

        var retry = await NewFunction().Processor.ProcessAsync(Batch([.. batch.Records!.Skip(1)]));
        NoFailures(retry);
        Assert.Equal(["front-door|Alice|person_recognised", "front-door|Bob|person_recognised", "front-door|Carol|person_recognised"], harness.Sns.Published.Select(Identity));
    }

    [Fact]
    public async Task A_publish_timing_out_after_sns_accepted_it_is_retried_and_may_repeat_once()
    {
        var batch = Batch(Event(1, Face(FrontDoor, "Alice", Start)));
        harness.Sns.EnqueueFaults(SnsFault.TimeoutAfterAccepting);
        var impatient = harness.Function(_table, harness.Dynamo(maxErrorRetry: 0), harness.SnsClient(TimeSpan.FromMilliseconds(300), maxAttempts: 1));
        var first = await impatient.Processor.ProcessAsync(batch);
        FailuresAre(Sequence(1), first);
        Assert.Contains(harness.Log, l => l.Contains("unknown outcome", StringComparison.Ordinal));
        var retry = await NewFunction().Processor.ProcessAsync(batch);
        NoFailures(retry);
        Assert.Equal([SnsFault.TimeoutAfterAccepting, SnsFault.None], harness.Sns.Published.Select(p => p.Fault));
        var again = await NewFunction().Processor.ProcessAsync(batch);
        Assert.Equal((0, 1), (again.Published, again.Suppressed));
    }

    [Theory]
    [InlineData("throttle")]
    [InlineData("500")]
    [InlineData("stall-after")]
    [InlineData("stall-before")]
    public async Task A_failed_cooldown_claim_reports_the_record_publishes_nothing_and_its_retry_publishes_once(string kind)
    {
        var fault = kind switch
        {
            "throttle" => DynamoDbFaults.Throttling,
            "500" => DynamoDbFaults.InternalServerError,
            "stall-after" => ProxyFault.StallAfterForwarding,
            _ => ProxyFault.StallBeforeForwarding,
        };
        var injected = 0;
        harness.DynamoProxy.FaultPolicy = op => op.EndsWith("PutItem", StringComparison.Ordinal) && Interlocked.Increment(ref injected) == 1 ? fault : ProxyFault.None;
        var function = harness.Function(_table, harness.Dynamo(TimeSpan.FromMilliseconds(300), maxErrorRetry: 0), harness.SnsClient());
        var batch = Batch(Event(1, Face(FrontDoor, "Alice", Start)));
        var first = await function.Processor.ProcessAsync(batch);
        if (kind.StartsWith("stall", StringComparison.Ordinal) && Failures(first).Length == 0)
        {
            // The SDK may retry a timed-out call itself; its retry then finds our own claim.
            Assert.Single(harness.Sns.Published);
            return;
        }
        FailuresAre(Sequence(1), first);
        Assert.Empty(harness.Sns.Published);
        // Lambda's retry, with the usual timeout: 0.3 s is too little for dynalite on a loaded machine.
        var retry = await NewFunction().Processor.ProcessAsync(batch);
        NoFailures(retry);
        Assert.Single(harness.Sns.Published);
    }

    [Fact]
    public async Task When_marking_sent_fails_the_record_is_not_reported_because_the_alert_went_out()
    {
        harness.DynamoProxy.FaultPolicy = op => op.EndsWith("UpdateItem", StringComparison.Ordinal) ? DynamoDbFaults.Throttling : ProxyFault.None;
        var outcome = await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start)), Event(2, Face(FrontDoor, "Alice", Start.AddSeconds(9)))));
        NoFailures(outcome);
        Assert.Single(harness.Sns.Published);
        Assert.Contains(harness.Log, l => l.Contains("could not be marked sent", StringComparison.Ordinal));
        harness.DynamoProxy.FaultPolicy = null;
        var later = await NewFunction().Processor.ProcessAsync(Batch(Event(3, Face(FrontDoor, "Alice", Start.AddSeconds(10)))));
        Assert.Equal((0, 1), (later.Published, later.Suppressed));
    }

    [Fact]
    public async Task Another_visit_seeing_a_pending_claim_defers_to_its_owner_until_the_window_ends()
    {
        // Record 1 (shard 0) claims Alice and fails to publish; record 9 on another shard sees the
        // pending claim within the window: suppressed. Record 1's retry publishes. A sighting after
        // the window is a new visit even though the item was left pending by someone else.
        harness.Sns.EnqueueFaults(SnsFault.Throttle);
        var owner = Batch(Event(1, Face(FrontDoor, "Alice", Start)));
        FailuresAre(Sequence(1), await NewFunction().Processor.ProcessAsync(owner));
        var other = await NewFunction().Processor.ProcessAsync(Batch(Event(9, MatchRecordCodec.Encode(Face(FrontDoor, "Alice", Start.AddSeconds(30))), "shardId-000000000001")));
        Assert.Equal((0, 1), (other.Published, other.Suppressed));
        Assert.Empty(harness.Sns.Published);
        NoFailures(await NewFunction().Processor.ProcessAsync(owner));
        Assert.Single(harness.Sns.Published);

        harness.Sns.EnqueueFaults(SnsFault.Throttle);
        Assert.Single(Failures(await NewFunction().Processor.ProcessAsync(Batch(Event(20, Face(FrontDoor, "Bob", Start))))));
        var newVisit = await NewFunction().Processor.ProcessAsync(Batch(Event(21, MatchRecordCodec.Encode(Face(FrontDoor, "Bob", Start.AddSeconds(301))), "shardId-000000000001")));
        Assert.Equal((1, 0), (newVisit.Published, newVisit.Suppressed));
    }

    [Fact]
    public async Task Nothing_after_a_failed_record_is_published_in_the_same_invocation()
    {
        harness.Sns.EnqueueFaults(SnsFault.Throttle);
        var outcome = await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start)), Event(2, Face(FrontDoor, "Bob", Start.AddSeconds(1)))));
        FailuresAre(Sequence(1), outcome);
        Assert.Empty(harness.Sns.Published);
    }

    [Fact]
    public async Task A_snapshot_key_becomes_a_presigned_link_to_the_snapshot_bucket()
    {
        var s3 = new S3PresignedUrls(new AwsClientOptions { Region = "us-east-1", Credentials = new StaticCredentialSource(new AwsCredentials("AKIDTEST", "test-secret")) });
        var function = harness.Function(_table, harness.Dynamo(), harness.SnsClient(), s3: s3, bucket: "horus-snapshots");
        var record = Face(FrontDoor, null, Start) with { EdgeInformation = new EdgeInformation("porch", "snapshots/porch/2026-11-25T09-00-00Z.jpg") };
        await function.Processor.ProcessAsync(Batch(Event(1, record)));
        var message = Assert.Single(harness.Sns.Published);
        Assert.Equal(("String", "porch"), message.MessageAttributes["camera"]);
        var link = JsonDocument.Parse(message.MessageFor("sqs")).RootElement.GetProperty("snapshotUrl").GetString()!;
        Assert.StartsWith("https://horus-snapshots.s3.us-east-1.amazonaws.com/snapshots/porch/2026-11-25T09-00-00Z.jpg?", link, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", link, StringComparison.Ordinal);
        Assert.Contains("Snapshot: " + link, message.MessageFor("email"), StringComparison.Ordinal);
    }

    internal static string Identity(SnsPublishedMessage message) =>
        $"{message.MessageAttributes["camera"].StringValue}|{(message.MessageAttributes.TryGetValue("person", out var p) ? p.StringValue : "")}|{message.MessageAttributes["event"].StringValue}";
}
