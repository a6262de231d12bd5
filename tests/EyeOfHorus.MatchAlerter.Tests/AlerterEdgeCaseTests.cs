using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Faults;
using EyeOfHorus.Testing.Sns;
using static EyeOfHorus.MatchAlerter.Tests.Records;

namespace EyeOfHorus.MatchAlerter.Tests;

/// <summary>
/// The decisions at their edges: events with parts missing, a sighting exactly at the end of a
/// window, a retry after the cooldown setting changed, marking sent when another visit took the key
/// over, and what the operator reads in the log when a record is reported for retry.
/// </summary>
[Collection(nameof(AlerterCollection))]
public sealed class AlerterEdgeCaseTests(AlerterHarness harness) : IAsyncLifetime
{
    private const string FrontDoor = "eye-of-horus-front-door";
    private const string AliceKey = "front-door|person|Alice";
    private string _table = "";

    public async Task InitializeAsync() => _table = await harness.ResetAsync();

    public Task DisposeAsync()
    {
        harness.DynamoProxy.FaultPolicy = null;
        return Task.CompletedTask;
    }

    private Function NewFunction(AlertSettings? settings = null) =>
        harness.Function(_table, harness.Dynamo(maxErrorRetry: 0), harness.SnsClient(TimeSpan.FromSeconds(3), maxAttempts: 1), settings);

    private string[] LogLines()
    {
        lock (harness.Log) return [.. harness.Log];
    }

    [Fact]
    public async Task An_event_without_records_is_an_empty_success()
    {
        var outcome = await NewFunction().Processor.ProcessAsync(new KinesisEvent(null));

        Assert.Equal((0, 0, 0, 0), (outcome.Response.BatchItemFailures.Count, outcome.Malformed, outcome.Sightings, outcome.Published));
    }

    [Fact]
    public async Task Records_without_a_sequence_number_are_skipped_and_logged_with_their_event_id()
    {
        var outcome = await NewFunction().Processor.ProcessAsync(new KinesisEvent([
            new KinesisEventRecord(new KinesisData(null, "e30="), EventId: "shardId-000000000000:42"),
            new KinesisEventRecord(null),
            Event(3, Face(FrontDoor, "Alice", Start))]));

        Assert.Equal((2, 1, 0), (outcome.Malformed, outcome.Published, outcome.Response.BatchItemFailures.Count));
        Assert.Equal(
            ["Skipped a Kinesis record without a sequence number (event id shardId-000000000000:42).",
             "Skipped a Kinesis record without a sequence number (event id none)."],
            LogLines().Where(l => l.StartsWith("Skipped a Kinesis", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_record_without_data_is_malformed()
    {
        var outcome = await NewFunction().Processor.ProcessAsync(Batch(new KinesisEventRecord(new KinesisData(Sequence(1), null), "e1")));

        Assert.Equal((1, 0), (outcome.Malformed, outcome.Response.BatchItemFailures.Count));
        Assert.Contains(LogLines(), l => l.StartsWith($"Skipped malformed record {Sequence(1)}: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sightings_are_counted_whether_published_or_suppressed()
    {
        var outcome = await NewFunction().Processor.ProcessAsync(Batch(
            Event(1, Faces(FrontDoor, Start, ("Alice", 99, 99.9, 0.3), (null, 0, 99.9, 0.3))),
            Event(2, Face(FrontDoor, "Alice", Start.AddSeconds(5)))));

        Assert.Equal((3, 2, 1), (outcome.Sightings, outcome.Published, outcome.Suppressed));
    }

    [Fact]
    public async Task Within_one_batch_a_sighting_exactly_at_the_window_end_is_a_new_visit()
    {
        var outcome = await NewFunction().Processor.ProcessAsync(Batch(
            Event(1, Face(FrontDoor, "Alice", Start)),
            Event(2, Face(FrontDoor, "Alice", Start.AddMinutes(5).AddMilliseconds(-1))),
            Event(3, Face(FrontDoor, "Alice", Start.AddMinutes(5)))));

        Assert.Equal((2, 1), (outcome.Published, outcome.Suppressed));
    }

    [Fact]
    public async Task A_record_without_usable_timestamps_alerts_at_its_arrival_time()
    {
        var timeless = Face(FrontDoor, "Alice", Start) with
        {
            InputInformation = new InputInformation(new KinesisVideoFrame(0, 0, StreamArn(FrontDoor), "91343852333181432392682062607743920146264156412", 0)),
        };

        await NewFunction().Processor.ProcessAsync(Batch(Event(1, timeless)));

        var document = JsonDocument.Parse(Assert.Single(harness.Sns.Published).MessageFor("sqs")).RootElement;
        Assert.Equal("2025-11-25T09:00:00.500Z", document.GetProperty("time").GetString()); // Event's ApproximateArrivalTimestamp 1764061200.5
    }

    [Fact]
    public async Task A_retry_keeps_the_window_its_claim_opened_even_if_the_cooldown_setting_changed()
    {
        harness.Sns.EnqueueFaults(SnsFault.Throttle);
        var owner = Event(1, Face(FrontDoor, "Alice", Start));
        Assert.Single((await NewFunction().Processor.ProcessAsync(Batch(owner))).Response.BatchItemFailures);

        var longer = new AlertSettings { Cooldown = TimeSpan.FromMinutes(10) };
        var retry = await NewFunction(longer).Processor.ProcessAsync(Batch(owner, Event(2, Face(FrontDoor, "Alice", Start.AddMinutes(6)))));

        Assert.Equal((2, 0), (retry.Published, retry.Suppressed)); // the claim's 5-minute window, not the new 10
    }

    [Fact]
    public async Task The_claims_read_is_consistent()
    {
        await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));
        await NewFunction().Processor.ProcessAsync(Batch(Event(2, Face(FrontDoor, "Alice", Start.AddSeconds(5)))));

        var read = Assert.Single(harness.DynamoProxy.Received, r => r.Operation.EndsWith("GetItem", StringComparison.Ordinal)
            && r.Body.Contains(_table, StringComparison.Ordinal));
        Assert.True(JsonDocument.Parse(read.Body).RootElement.GetProperty("ConsistentRead").GetBoolean());
    }

    [Fact]
    public async Task Marking_sent_after_another_visit_took_the_key_over_is_not_a_failure()
    {
        harness.DynamoProxy.FaultPolicy = op =>
        {
            if (op.EndsWith("UpdateItem", StringComparison.Ordinal))
            {
                using var dynamo = CooldownTables.Client(harness.DynaliteEndpoint);
                dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = _table,
                    Item = new() { [CooldownItems.PartitionKey] = new AttributeValue { S = AliceKey }, ["claim"] = new AttributeValue { S = "a-later-visit" } },
                }).GetAwaiter().GetResult();
            }
            return ProxyFault.None;
        };

        var outcome = await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        Assert.Equal((1, 0), (outcome.Published, outcome.Response.BatchItemFailures.Count));
        Assert.DoesNotContain(LogLines(), l => l.Contains("could not be marked sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Marking_sent_is_tried_four_times_then_logged()
    {
        harness.DynamoProxy.FaultPolicy = op => op.EndsWith("UpdateItem", StringComparison.Ordinal) ? DynamoDbFaults.Throttling : ProxyFault.None;

        var outcome = await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        Assert.Equal((1, 0), (outcome.Published, outcome.Response.BatchItemFailures.Count));
        Assert.Equal(4, harness.DynamoProxy.Received.Count(r => r.Operation.EndsWith("UpdateItem", StringComparison.Ordinal) && r.Body.Contains(_table, StringComparison.Ordinal)));
        Assert.Equal($"Record {Sequence(1)}: alert for Alice at front-door published, but its cooldown could not be marked sent.",
            Assert.Single(LogLines()));
    }

    [Fact]
    public async Task A_published_alert_leaves_no_log_line()
    {
        await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        Assert.Empty(LogLines());
    }

    [Fact]
    public async Task A_rejected_claim_is_logged_with_the_key_and_DynamoDBs_answer()
    {
        harness.DynamoProxy.FaultPolicy = op => op.EndsWith("PutItem", StringComparison.Ordinal) ? DynamoDbFaults.Throttling : ProxyFault.None;

        await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        Assert.Equal($"Record {Sequence(1)}: Cooldown claim for {AliceKey} rejected: 400 ThrottlingException. Reporting it for retry.", Assert.Single(LogLines()));
    }

    [Fact]
    public async Task A_failed_read_of_the_holder_is_logged_as_a_read()
    {
        await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));
        harness.DynamoProxy.FaultPolicy = op => op.EndsWith("GetItem", StringComparison.Ordinal) ? DynamoDbFaults.InternalServerError : ProxyFault.None;

        var outcome = await NewFunction().Processor.ProcessAsync(Batch(Event(2, Face(FrontDoor, "Alice", Start.AddSeconds(5)))));

        Assert.Single(outcome.Response.BatchItemFailures);
        Assert.StartsWith($"Record {Sequence(2)}: Cooldown read for {AliceKey} rejected: 500 ", Assert.Single(LogLines()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_without_an_answer_is_logged_as_no_answer()
    {
        harness.DynamoProxy.FaultPolicy = op => op.EndsWith("PutItem", StringComparison.Ordinal) ? ProxyFault.StallBeforeForwarding : ProxyFault.None;
        var impatient = harness.Function(_table, harness.Dynamo(TimeSpan.FromMilliseconds(300), maxErrorRetry: 0), harness.SnsClient());

        var outcome = await impatient.Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        Assert.Single(outcome.Response.BatchItemFailures);
        Assert.StartsWith($"Record {Sequence(1)}: Cooldown claim for {AliceKey}: no answer (", Assert.Single(LogLines()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_publish_SNS_rejects_is_logged_with_its_subject_camera_and_answer()
    {
        harness.Sns.EnqueueFaults(SnsFault.Throttle);

        await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        Assert.StartsWith($"Record {Sequence(1)}: alert for Alice at front-door rejected by SNS (400 Throttling); reporting it for retry.", Assert.Single(LogLines()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => AlertPublisher.ToPublishRequest("arn", null!));
        Assert.Throws<ArgumentNullException>(() => AlerterConfiguration.FromEnvironment(null!));
        Assert.Throws<ArgumentNullException>(() => new Function(null!, harness.Dynamo(), harness.SnsClient(), null, _ => { }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => NewFunction().Processor.ProcessAsync(null!));
    }

    [Fact]
    public void A_Lambda_event_that_is_JSON_null_is_refused_with_a_clear_error()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("null"));

        var error = Assert.Throws<InvalidDataException>(() => NewFunction().Handle(input));
        Assert.Equal("The Lambda event is JSON null.", error.Message);
    }
}
