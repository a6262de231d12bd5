using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using EyeOfHorus.Contract;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Faults;
using Microsoft.Extensions.Time.Testing;
using static EyeOfHorus.MatchAlerter.Tests.Records;

namespace EyeOfHorus.MatchAlerter.Tests;

/// <summary>
/// What the alerter leaves behind, byte for byte: the cooldown item (its attributes and TTL) and the
/// SNS message (one text per protocol key). And the claim when the item changes under it.
/// </summary>
[Collection(nameof(AlerterCollection))]
public sealed class StoredFormatTests(AlerterHarness harness) : IAsyncLifetime
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

    private Function NewFunction(TimeProvider? clock = null) =>
        harness.Function(_table, harness.Dynamo(maxErrorRetry: 0), harness.SnsClient(TimeSpan.FromSeconds(3), maxAttempts: 1), clock: clock);

    private static string Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static string Seconds(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task<Dictionary<string, string>> ItemAsync(string key)
    {
        using var dynamo = CooldownTables.Client(harness.DynaliteEndpoint);
        var item = (await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = new() { [CooldownItems.PartitionKey] = new AttributeValue { S = key } },
            ConsistentRead = true,
        })).Item;
        return item.ToDictionary(a => a.Key, a => a.Value.S is { } s ? "S:" + s : "N:" + a.Value.N);
    }

    private void PutHolder(string key, DateTimeOffset windowEnds)
    {
        using var dynamo = CooldownTables.Client(harness.DynaliteEndpoint);
        dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = _table,
            Item = new()
            {
                [CooldownItems.PartitionKey] = new AttributeValue { S = key },
                ["claim"] = new AttributeValue { S = "another-record" },
                ["state"] = new AttributeValue { S = "pending" },
                ["windowEnds"] = new AttributeValue { N = Ms(windowEnds) },
            },
        }).GetAwaiter().GetResult();
    }

    private void DeleteItem(string key)
    {
        using var dynamo = CooldownTables.Client(harness.DynaliteEndpoint);
        dynamo.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = _table,
            Key = new() { [CooldownItems.PartitionKey] = new AttributeValue { S = key } },
        }).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_published_alert_leaves_exactly_this_cooldown_item()
    {
        var now = Start.AddSeconds(10);
        var clock = new FakeTimeProvider(now);

        var outcome = await NewFunction(clock).Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        Assert.Equal(1, outcome.Published);
        var windowEnds = Start.AddMinutes(5);
        Assert.Equal(new Dictionary<string, string>
        {
            [CooldownItems.PartitionKey] = "S:" + AliceKey,
            ["claim"] = "S:shardId-000000000000:" + Sequence(1),
            ["state"] = "S:sent",
            ["windowStarts"] = "N:" + Ms(Start),
            ["windowEnds"] = "N:" + Ms(windowEnds),
            [CooldownItems.TimeToLive] = "N:" + Seconds(windowEnds.AddHours(1)),
            ["camera"] = "S:front-door",
            ["subject"] = "S:Alice",
            ["sentAt"] = "N:" + Ms(now),
        }, await ItemAsync(AliceKey));
    }

    [Fact]
    public async Task An_old_record_replayed_today_gets_a_TTL_an_hour_from_now_not_from_its_window()
    {
        var now = Start.AddDays(3);

        await NewFunction(new FakeTimeProvider(now)).Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, null, Start))));

        var item = await ItemAsync("front-door|unknown");
        Assert.Equal(("N:" + Seconds(now.AddHours(1)), "S:unknown face"), (item[CooldownItems.TimeToLive], item["subject"]));
    }

    [Fact]
    public async Task A_window_ending_exactly_now_still_gets_an_hour_after_it()
    {
        var now = Start.AddMinutes(5);

        await NewFunction(new FakeTimeProvider(now)).Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        Assert.Equal("N:" + Seconds(now.AddHours(1)), (await ItemAsync(AliceKey))[CooldownItems.TimeToLive]);
    }

    [Fact]
    public async Task Every_SNS_protocol_key_carries_the_text_meant_for_it()
    {
        await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        var message = Assert.Single(harness.Sns.Published);
        var perProtocol = JsonSerializer.Deserialize<Dictionary<string, string>>(message.Message)!;
        Assert.Equal(["default", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"], perProtocol.Keys.Order(StringComparer.Ordinal));
        var text = perProtocol["default"];
        var document = perProtocol["sqs"];
        Assert.StartsWith("Alice seen at front-door.", text, StringComparison.Ordinal);
        Assert.Equal("person_recognised", JsonDocument.Parse(document).RootElement.GetProperty("event").GetString());
        Assert.StartsWith("Horus: Alice seen at front-door", perProtocol["sms"], StringComparison.Ordinal);
        Assert.Equal(text, perProtocol["email"]);
        foreach (var machine in new[] { "email-json", "lambda", "http", "https", "firehose" })
            Assert.Equal(document, perProtocol[machine]);
        Assert.NotEqual(text, document);
        Assert.NotEqual(text, perProtocol["sms"]);
    }

    [Fact]
    public async Task A_holder_that_vanishes_between_the_refused_write_and_the_read_is_claimed_on_the_next_try()
    {
        PutHolder(AliceKey, Start.AddMinutes(5));
        var puts = 0;
        var gets = 0;
        harness.DynamoProxy.FaultPolicy = op =>
        {
            if (op.EndsWith("PutItem", StringComparison.Ordinal)) Interlocked.Increment(ref puts);
            if (op.EndsWith("GetItem", StringComparison.Ordinal) && Interlocked.Increment(ref gets) == 1) DeleteItem(AliceKey); // the TTL sweeper
            return ProxyFault.None;
        };

        var outcome = await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start.AddSeconds(30)))));

        Assert.Equal((1, 0, 2, 1), (outcome.Published, outcome.Response.BatchItemFailures.Count, puts, gets));
        Assert.Equal("S:sent", (await ItemAsync(AliceKey))["state"]);
    }

    [Fact]
    public async Task A_claim_that_keeps_racing_gives_up_after_four_writes_and_reports_the_record()
    {
        var puts = 0;
        harness.DynamoProxy.FaultPolicy = op =>
        {
            // Each write finds a holder; each read finds it gone: no claim can ever settle.
            if (op.EndsWith("PutItem", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref puts);
                PutHolder(AliceKey, Start.AddMinutes(10));
            }
            if (op.EndsWith("GetItem", StringComparison.Ordinal)) DeleteItem(AliceKey);
            return ProxyFault.None;
        };

        var outcome = await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start))));

        Assert.Equal(Sequence(1), Assert.Single(outcome.Response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(4, puts);
        Assert.Empty(harness.Sns.Published);
        lock (harness.Log) Assert.Contains(harness.Log, l => l.Contains("kept racing with other writers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_holder_whose_window_ends_exactly_at_the_frame_is_not_in_the_way()
    {
        PutHolder(AliceKey, Start.AddSeconds(30));

        var outcome = await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start.AddSeconds(30)))));

        Assert.Equal((1, 0), (outcome.Published, outcome.Suppressed));
    }

    [Fact]
    public async Task A_holder_whose_window_ends_a_millisecond_after_the_frame_suppresses_it()
    {
        PutHolder(AliceKey, Start.AddSeconds(30).AddMilliseconds(1));

        var outcome = await NewFunction().Processor.ProcessAsync(Batch(Event(1, Face(FrontDoor, "Alice", Start.AddSeconds(30)))));

        Assert.Equal((0, 1), (outcome.Published, outcome.Suppressed));
    }
}
