using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using EyeOfHorus.Aws;
using EyeOfHorus.Testing.Emulators;
using EyeOfHorus.Testing.Faults;
using EyeOfHorus.Testing.Rekognition;
using EyeOfHorus.Testing.Sns;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>Every real S3 event shape in the vectors; what is ignored; what fails the invocation so Lambda retries.</summary>
public sealed class FaceIndexerEventTests(IndexerFixture s3) : IClassFixture<IndexerFixture>, IAsyncLifetime
{
    private const string Key = "faces/Barack Obama/me.jpg";
    private IndexerWorld _world = null!;
    private readonly byte[] _photo = Photos.Load("obama.jpg");

    public async Task InitializeAsync()
    {
        _world = await IndexerWorld.StartAsync(s3);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    public static TheoryData<string, string, int, string> CreationShapes() => new()
    {
        // source folder, file, record (message) index, eventName it carries
        { "awsdocs", "lambda-devguide-s3-objectcreated-put.json", 0, "ObjectCreated:Put" },
        { "awsdocs", "s3-devguide-objectcreated-put.json", 0, "ObjectCreated:Put" },
        { "aws-lambda-dotnet", "s3-event.json", 0, "ObjectCreated:Put" },
        { "aws-sam-cli-templates", "S3Put.mustache.json", 0, "ObjectCreated:Put" },
        { "localstack", "s3-sqs-snapshot-test_object_created_and_object_removed.json", 0, "ObjectCreated:Copy" },
        { "localstack", "s3-sqs-snapshot-test_object_created_and_object_removed.json", 1, "ObjectCreated:Put" },
        { "localstack", "s3-sqs-snapshot-test_key_encoding.json", 0, "ObjectCreated:Put" },
        { "localstack", "s3-sns-snapshot-test_object_created_put.json", 0, "ObjectCreated:Put" },
    };

    private JsonNode Shape(string folder, string file, int index)
    {
        JsonNode notification = folder switch
        {
            "aws-sam-cli-templates" => Events.Mustache(file, _world.Bucket, Key),
            // The SNS snapshot shows the notification inside SNS's envelope: the S3 part is its Message.
            "localstack" when file.Contains("-sns-", StringComparison.Ordinal) =>
                Events.Load(folder, file).AsObject().First().Value!["recorded-content"]!["receive_messages"]!["messages"]![index]!["Message"]!.DeepClone(),
            "localstack" => Events.LocalStackRecord(file, index),
            _ => Events.Load(folder, file),
        };
        // s3-event.json holds two records; one photo event is one record.
        if (notification["Records"]!.AsArray().Count > 1)
            notification = new JsonObject { ["Records"] = new JsonArray(notification["Records"]![index]!.DeepClone()) };
        return Events.Retarget(notification, _world.Bucket, Key);
    }

    [Theory]
    [MemberData(nameof(CreationShapes))]
    public async Task Every_real_creation_event_shape_indexes_the_photo(string folder, string file, int index, string eventName)
    {
        await _world.PutAsync(Key, _photo);
        var @event = Shape(folder, file, index);
        // The guide's example versionId names nothing here: the indexer acts on the key's current version anyway.

        var outcome = Assert.Single((await _world.InvokeAsync(@event)).Outcomes);

        Assert.Equal((PhotoOutcome.Indexed, eventName, "Barack Obama", 1), (outcome.Outcome, outcome.EventName, outcome.Person, outcome.Faces));
        Assert.Single(_world.Faces);
    }

    public static TheoryData<string, string, int> RemovalShapes() => new()
    {
        { "aws-sam-cli-templates", "S3Delete.mustache.json", 0 },
        { "localstack", "s3-sqs-snapshot-test_object_created_and_object_removed.json", 2 },
        { "localstack", "s3-sqs-snapshot-test_delete_objects.json", 0 },
    };

    [Theory]
    [MemberData(nameof(RemovalShapes))]
    public async Task Every_real_removal_event_shape_removes_the_faces(string folder, string file, int index)
    {
        await _world.UploadAsync(Key, _photo);
        await _world.DeleteAsync(Key);

        var outcome = Assert.Single((await _world.InvokeAsync(Shape(folder, file, index))).Outcomes);

        Assert.Equal((PhotoOutcome.Removed, "ObjectRemoved:Delete", 1), (outcome.Outcome, outcome.EventName, outcome.Faces));
        Assert.Empty(_world.Faces);
    }

    [Fact]
    public async Task The_real_events_own_keys_outside_faces_are_ignored_with_a_log_line()
    {
        // "HappyFace.jpg", "New+File.jpg" (aws-lambda-dotnet) and "a%40b" (recorded from AWS) as they come.
        var dotnet = Events.Load("aws-lambda-dotnet", "s3-event.json");
        var encoded = Events.LocalStackRecord("s3-sqs-snapshot-test_key_encoding.json", 0);

        var outcomes = (await _world.InvokeAsync(dotnet)).Outcomes.Concat((await _world.InvokeAsync(encoded)).Outcomes).ToList();

        Assert.Equal(["HappyFace.jpg", "New File.jpg", "a@b"], outcomes.Select(o => o.Key));
        Assert.All(outcomes, o => Assert.Equal(PhotoOutcome.Ignored, o.Outcome));
        Assert.All(outcomes, o => Assert.Contains("outside faces/", o.Detail, StringComparison.Ordinal));
        Assert.Equal(3, _world.LogLines().Count);
        Assert.Empty(_world.Rekognition.Requests);
    }

    [Fact]
    public async Task Folder_keys_and_other_event_types_are_ignored_with_a_log_line()
    {
        var folder = Events.Created(_world.Bucket, "faces/Barack Obama/");
        var restore = Events.Retarget(Events.Created(_world.Bucket, Key), _world.Bucket, Key, "ObjectRestore:Completed");

        var outcomes = (await _world.InvokeAsync(folder)).Outcomes.Concat((await _world.InvokeAsync(restore)).Outcomes).ToList();

        Assert.Equal([(PhotoOutcome.Ignored, "the key is a folder"), (PhotoOutcome.Ignored, "ObjectRestore:Completed neither adds nor removes a photo")],
            outcomes.Select(o => (o.Outcome, o.Detail)));
        Assert.Equal(2, _world.LogLines().Count);
        Assert.Empty(_world.Rekognition.Requests);
    }

    [Fact]
    public async Task S3s_test_event_is_ignored_with_a_log_line()
    {
        var outcome = Assert.Single((await _world.InvokeAsync(Events.Load("awsdocs", "s3-devguide-test-event.json"))).Outcomes);

        Assert.Equal((PhotoOutcome.Ignored, "s3:TestEvent", "bucketname"), (outcome.Outcome, outcome.EventName, outcome.Bucket));
        var log = Assert.Single(_world.LogLines());
        Assert.Equal(("ignored", "S3 test event"), (log["outcome"]!.GetValue<string>(), log["detail"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("cloudwatchevents-s3objectcreated.json")]
    [InlineData("cloudwatchevents-s3objectdeleted.json")]
    public async Task An_EventBridge_event_is_not_guessed_at_it_fails_so_the_event_is_kept(string file)
    {
        // FaceIndexer is wired to S3 notifications; an EventBridge delivery means a wiring change, and its
        // key encoding differs. Failing keeps the event in the on-failure destination instead of dropping it.
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => _world.InvokeAsync(Events.Load("aws-lambda-dotnet", file)));
        Assert.Contains("S3 event notifications (Records)", e.Message, StringComparison.Ordinal);
        var log = Assert.Single(_world.LogLines());
        Assert.Equal(("failed", "not an S3 event notification (no Records)"), (log["outcome"]!.GetValue<string>(), log["detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Input_that_is_not_JSON_fails_with_a_clear_error()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("not json"));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => _world.Function.HandleAsync(input));
        Assert.Contains("not JSON", e.Message, StringComparison.Ordinal);
        var log = Assert.Single(_world.LogLines());
        Assert.Equal("failed", log["outcome"]!.GetValue<string>());
        Assert.StartsWith("the event is not JSON: ", log["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_badly_encoded_key_fails_rather_than_naming_another_object()
    {
        var @event = Events.Created(_world.Bucket, Key);
        @event["Records"]![0]!["s3"]!["object"]!["key"] = "faces/Bob/%ZZ.jpg";

        var e = await Assert.ThrowsAsync<FormatException>(() => _world.InvokeAsync(@event));
        var log = Assert.Single(_world.LogLines());
        Assert.Equal(("failed", "ObjectCreated:Put", _world.Bucket, "faces/Bob/%ZZ.jpg"),
            (log["outcome"]!.GetValue<string>(), log["event"]!.GetValue<string>(), log["bucket"]!.GetValue<string>(), log["key"]!.GetValue<string>()));
        Assert.Equal($"FormatException: {e.Message} (the invocation fails so that Lambda retries it)", log["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_null_event_fails_as_not_JSON()
    {
        using var input = new MemoryStream("null"u8.ToArray());
        await Assert.ThrowsAsync<InvalidDataException>(() => _world.Function.HandleAsync(input));
        Assert.Equal("the event is not JSON: the event is null", Assert.Single(_world.LogLines())["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Records_that_are_not_S3_object_events_are_ignored_with_what_they_are()
    {
        var notification = Events.Created(_world.Bucket, Key);
        var template = notification["Records"]![0]!;
        var other = template.DeepClone();
        other["eventSource"] = "aws:sqs";
        var noSource = template.DeepClone();
        noSource.AsObject().Remove("eventSource");
        var noKey = template.DeepClone();
        noKey["s3"]!["object"]!.AsObject().Remove("key");
        var noBucket = template.DeepClone();
        noBucket["s3"]!.AsObject().Remove("bucket");
        notification["Records"] = new JsonArray(other, noSource, noKey, noBucket);

        var outcomes = (await _world.InvokeAsync(notification)).Outcomes;

        var key = Events.EncodeKey(Key); // as the record has it: nothing of it is decoded
        Assert.Equal(
            [
                (PhotoOutcome.Ignored, _world.Bucket, key, "not an S3 object event (eventSource aws:sqs)"),
                (PhotoOutcome.Ignored, _world.Bucket, key, "not an S3 object event (eventSource missing)"),
                (PhotoOutcome.Ignored, _world.Bucket, null, "not an S3 object event (eventSource aws:s3)"),
                (PhotoOutcome.Ignored, null, key, "not an S3 object event (eventSource aws:s3)"),
            ],
            outcomes.Select(o => (o.Outcome, o.Bucket, o.Key, o.Detail)));
        Assert.Empty(_world.Rekognition.Requests);
        Assert.Equal(4, _world.LogLines().Count);
    }

    [Fact]
    public void The_Lambda_handler_takes_and_returns_a_stream()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(Events.Load("awsdocs", "s3-devguide-test-event.json").ToJsonString()));
        using var output = _world.Function.Handle(input);
        Assert.Contains("\"outcome\":\"ignored\"", new StreamReader(output).ReadToEnd(), StringComparison.Ordinal);
    }
}

/// <summary>Transient failures fail the invocation (Lambda retries it); the retry finishes the work.</summary>
public sealed class FaceIndexerFailureTests(IndexerFixture s3) : IClassFixture<IndexerFixture>, IAsyncLifetime
{
    private const string Key = "faces/Joe Biden/official.jpg";
    private const int Attempts = 3;
    private IndexerWorld _world = null!;
    private readonly byte[] _photo = Photos.Load("biden.jpg");

    public async Task InitializeAsync()
    {
        _world = await IndexerWorld.StartAsync(s3, maxAttempts: Attempts);
        await _world.PutAsync(Key, _photo);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<Exception> FailsThenRetrySucceedsAsync()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => _world.InvokeAsync(Events.Created(_world.Bucket, Key)));
        Assert.Equal("failed", Assert.Single(_world.LogLines())["outcome"]!.GetValue<string>());

        // Lambda's retry of the same event: nothing was lost, nothing is doubled.
        var retry = Assert.Single((await _world.InvokeAsync(Events.Created(_world.Bucket, Key))).Outcomes);
        Assert.Equal((PhotoOutcome.Indexed, 1), (retry.Outcome, retry.Faces));
        Assert.Equal(IndexerWorld.FaceOf(_photo), Assert.Single(_world.Faces).IdentityKey);
        return failure;
    }

    [Fact]
    public async Task Throttling_past_the_clients_retries_fails_the_invocation()
    {
        _world.Rekognition.FailNext("IndexFaces", RekognitionFault.Throttling, times: Attempts);

        var e = Assert.IsType<AwsServiceException>(await FailsThenRetrySucceedsAsync());

        Assert.True(e.IsThrottling);
        Assert.Equal(Attempts + 1, _world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task Provisioned_throughput_exceeded_past_the_clients_retries_fails_the_invocation()
    {
        _world.Rekognition.FailNext("IndexFaces", RekognitionFault.ProvisionedThroughputExceeded, times: Attempts);

        var e = Assert.IsType<AwsServiceException>(await FailsThenRetrySucceedsAsync());

        Assert.Equal("ProvisionedThroughputExceededException", e.ErrorCode);
        Assert.Equal(Attempts + 1, _world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task Server_errors_past_the_clients_retries_fail_the_invocation()
    {
        _world.Rekognition.FailNext("IndexFaces", RekognitionFault.InternalServerError, times: Attempts);

        var e = Assert.IsType<AwsServiceException>(await FailsThenRetrySucceedsAsync());

        Assert.Equal((500, true), (e.StatusCode, e.IsRetryable));
    }

    [Fact]
    public async Task A_dropped_connection_whose_outcome_is_unknown_fails_the_invocation()
    {
        _world.Rekognition.FailNext("IndexFaces", RekognitionFault.ConnectionReset, times: Attempts);

        Assert.True(Assert.IsType<AwsTransportException>(await FailsThenRetrySucceedsAsync()).OutcomeUnknown);
    }

    [Fact]
    public async Task Faults_the_clients_retries_absorb_do_not_fail_the_invocation()
    {
        _world.Rekognition.FailNext("IndexFaces", RekognitionFault.ServiceUnavailable, times: Attempts - 1);

        var outcome = Assert.Single((await _world.InvokeAsync(Events.Created(_world.Bucket, Key))).Outcomes);

        Assert.Equal(PhotoOutcome.Indexed, outcome.Outcome);
        Assert.Equal(Attempts, _world.Rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task A_notice_SNS_cannot_take_fails_the_invocation_and_is_sent_on_the_retry()
    {
        const string textKey = "faces/Joe Biden/notes.jpg";
        await _world.PutAsync(textKey, Photos.TextNamedJpg());
        _world.Sns.EnqueueFaults([.. Enumerable.Repeat(SnsFault.InternalError, Attempts)]);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => _world.InvokeAsync(Events.Created(_world.Bucket, textKey)));
        Assert.Equal("sns", e.Service, ignoreCase: true);

        var retry = Assert.Single((await _world.InvokeAsync(Events.Created(_world.Bucket, textKey))).Outcomes);
        Assert.Equal((PhotoOutcome.Rejected, "not-an-image"), (retry.Outcome, retry.Reason));
        Assert.Equal("not-an-image", Assert.Single(_world.Sns.Published).MessageAttributes["reason"].StringValue);
    }

    [Fact]
    public async Task A_ledger_that_cannot_record_the_faces_gets_them_taken_out_of_the_collection_before_the_invocation_fails()
    {
        // Only the write of the indexed faces fails (the lease and its release go through).
        await using var proxy = new FaultInjectingProxy(s3.Dynalite.Endpoint)
        {
            RequestFaultPolicy = (operation, body) =>
                operation.EndsWith(".UpdateItem", StringComparison.Ordinal) && body.Contains("\":face\"", StringComparison.Ordinal)
                    ? DynamoDbFaults.InternalServerError : ProxyFault.None,
        };
        await proxy.StartAsync();
        using var dynamo = CooldownTables.Client(proxy.Endpoint, maxErrorRetry: 0);
        var function = _world.NewFunction(_world.Log, dynamo: dynamo);

        var e = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => IndexerWorld.InvokeAsync(function, Events.Created(_world.Bucket, Key)));

        Assert.Equal(500, (int)e.StatusCode);
        Assert.Equal((1, 1), (proxy.FaultCount, _world.Rekognition.CallCount("IndexFaces")));
        Assert.Equal(1, _world.Rekognition.CallCount("DeleteFaces"));
        Assert.Empty(_world.Faces); // no face the ledger does not know stays authorised
        Assert.Equal("failed", Assert.Single(_world.LogLines())["outcome"]!.GetValue<string>());

        // Lambda's retry: the photo is indexed once, as if the failure never happened.
        var retry = Assert.Single((await _world.InvokeAsync(Events.Created(_world.Bucket, Key))).Outcomes);
        Assert.Equal((PhotoOutcome.Indexed, 1, null), (retry.Outcome, retry.Faces, retry.Detail));
        Assert.Equal(IndexerWorld.FaceOf(_photo), Assert.Single(_world.Faces).IdentityKey);
    }

    [Fact]
    public async Task A_missing_collection_fails_the_invocation_rather_than_rejecting_the_photo()
    {
        await using var world = await IndexerWorld.StartAsync(s3);
        await world.PutAsync(Key, _photo);
        var other = world.NewFunction(TextWriter.Null, world.Settings with { CollectionId = "no-such-collection" });
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(Events.Created(world.Bucket, Key).ToJsonString()));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => other.HandleAsync(input));

        Assert.Equal("ResourceNotFoundException", e.ErrorCode);
        Assert.Empty(world.Sns.Published);
        Assert.DoesNotContain("horus:status", (await world.TagsAsync(Key)).Keys);
    }
}
