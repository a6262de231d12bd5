using System.Diagnostics;
using System.Text.Json.Nodes;
using EyeOfHorus.Testing.Rekognition;
using static EyeOfHorus.StreamProcessorLifecycle.Tests.LifecycleWorld;

namespace EyeOfHorus.StreamProcessorLifecycle.Tests;

/// <summary>Every CloudFormation request the Custom::StreamProcessor resource gets, against the stand-in's state machine.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private LifecycleWorld _world = null!;

    public async Task InitializeAsync() => _world = await LifecycleWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private StreamProcessorState Processor => _world.Rekognition.StreamProcessor(Name);

    [Fact]
    public async Task Create_makes_the_processor_with_the_template_settings_starts_it_and_answers_SUCCESS_at_the_ResponseURL()
    {
        var response = await _world.SendAsync("Create", requestId: "req-create");

        Assert.Equal("SUCCESS", Status(response));
        Assert.Equal(Name, response["PhysicalResourceId"]!.GetValue<string>());
        Assert.Equal("req-create", response["RequestId"]!.GetValue<string>());
        Assert.Equal("StreamProcessorsfrontdoor", response["LogicalResourceId"]!.GetValue<string>());
        Assert.Equal("arn:aws:cloudformation:us-east-1:123456789012:stack/EyeOfHorus/guid", response["StackId"]!.GetValue<string>());
        Assert.Equal($"arn:aws:rekognition:us-east-1:123456789012:streamprocessor/{Name}", response["Data"]!["Arn"]!.GetValue<string>());
        var put = Assert.Single(_world.Responses.Received);
        Assert.Equal("PUT", put.Method);
        Assert.Null(put.ContentType); // the URL was signed with an empty Content-Type
        Assert.Contains("req-create?AWSAccessKeyId=", put.PathAndQuery, StringComparison.Ordinal);

        var p = Processor;
        Assert.Equal(("RUNNING", Collection, 90.0, VideoArn, DataArn, RoleArn, false),
            (p.Status, p.CollectionId, p.FaceMatchThreshold, p.KinesisVideoStreamArn, p.KinesisDataStreamArn, p.RoleArn, p.DataSharingOptIn));
        Assert.Equal(1, _world.Rekognition.CallCount("CreateStreamProcessor"));
        Assert.Equal(1, _world.Rekognition.CallCount("StartStreamProcessor"));
    }

    [Fact]
    public async Task A_retried_create_finds_its_processor_and_does_not_make_a_second_one()
    {
        await _world.SendAsync("Create", requestId: "same");
        var retried = await _world.SendAsync("Create", requestId: "same");

        Assert.Equal("SUCCESS", Status(retried));
        Assert.Equal(1, _world.Rekognition.CallCount("CreateStreamProcessor"));
        Assert.Equal(1, _world.Rekognition.CallCount("StartStreamProcessor"));
        Assert.Equal("RUNNING", Processor.Status);
        Assert.Single(_world.Rekognition.StreamProcessors);
    }

    [Fact]
    public async Task A_create_that_finds_its_processor_stopped_starts_it()
    {
        _world.Rekognition.AddStreamProcessor(Name, Collection, 90, VideoArn, DataArn, RoleArn);

        var response = await _world.SendAsync("Create");

        Assert.Equal("SUCCESS", Status(response));
        Assert.Equal(0, _world.Rekognition.CallCount("CreateStreamProcessor"));
        Assert.Equal("RUNNING", Processor.Status);
    }

    [Fact]
    public async Task A_new_threshold_while_running_stops_waits_until_STOPPED_deletes_waits_for_the_name_creates_and_starts()
    {
        await _world.SendAsync("Create", Properties(90));
        var createdAt = Processor.CreatedAt;

        var response = await _world.SendAsync("Update", Properties(95), Properties(90), physicalId: Name);

        Assert.Equal("SUCCESS", Status(response));
        Assert.Equal(Name, response["PhysicalResourceId"]!.GetValue<string>());
        var p = Processor;
        Assert.Equal(("RUNNING", 95.0), (p.Status, p.FaceMatchThreshold));
        Assert.True(p.CreatedAt > createdAt, "the processor was replaced");
        // Deleted once, and only after a Describe had seen it STOPPED (the stand-in refuses a STOPPING one).
        Assert.Equal(1, _world.Rekognition.CallCount("DeleteStreamProcessor"));
        var ops = _world.Operations.SkipWhile(o => o != "StopStreamProcessor").ToList();
        Assert.True(ops.IndexOf("DeleteStreamProcessor") > ops.IndexOf("StopStreamProcessor") + 1, string.Join(",", ops));
        // The first create after the delete met the name still reserved, and was tried again.
        Assert.True(_world.Rekognition.CallCount("CreateStreamProcessor") >= 3, $"creates: {_world.Rekognition.CallCount("CreateStreamProcessor")}");
        Assert.Equal("StartStreamProcessor", ops.Last(o => o is not "DescribeStreamProcessor"));
    }

    [Fact]
    public async Task Replacing_a_processor_an_operator_stopped_leaves_the_new_one_stopped()
    {
        await _world.SendAsync("Create", Properties(90));
        _world.Rekognition.SetStreamProcessorStatus(Name, "STOPPED"); // horus processor stop

        var response = await _world.SendAsync("Update", Properties(85, collection: Collection), Properties(90), physicalId: Name);

        Assert.Equal("SUCCESS", Status(response));
        Assert.Equal(("STOPPED", 85.0), (Processor.Status, Processor.FaceMatchThreshold));
        Assert.Equal(1, _world.Rekognition.CallCount("StartStreamProcessor")); // the one at create
    }

    [Fact]
    public async Task An_update_that_changes_nothing_Rekognition_holds_touches_nothing()
    {
        await _world.SendAsync("Create");
        var before = _world.Operations.Count;

        var response = await _world.SendAsync("Update", Properties().With("ServiceTimeout", "660"), Properties(), physicalId: Name);

        Assert.Equal("SUCCESS", Status(response));
        Assert.Equal(["DescribeStreamProcessor"], _world.Operations.Skip(before));
        Assert.Equal("RUNNING", Processor.Status);
    }

    [Fact]
    public async Task A_renamed_processor_replaces_the_old_one_which_reads_the_same_video_stream()
    {
        await _world.SendAsync("Create");

        var response = await _world.SendAsync("Update", Properties(name: "eye-of-horus-front-door-2"), Properties(), physicalId: Name);
        var cleanup = await _world.SendAsync("Delete", Properties(), physicalId: Name); // CloudFormation's cleanup of the old ID

        Assert.Equal(("SUCCESS", "SUCCESS"), (Status(response), Status(cleanup)));
        Assert.Equal("eye-of-horus-front-door-2", response["PhysicalResourceId"]!.GetValue<string>());
        var only = Assert.Single(_world.Rekognition.StreamProcessors);
        Assert.Equal(("eye-of-horus-front-door-2", "RUNNING"), (only.Key, only.Value.Status));
    }

    [Fact]
    public async Task Delete_while_running_stops_waits_until_stopped_deletes_and_waits_until_gone()
    {
        await _world.SendAsync("Create");

        var response = await _world.SendAsync("Delete", Properties(), physicalId: Name);

        Assert.Equal("SUCCESS", Status(response));
        Assert.Empty(_world.Rekognition.StreamProcessors);
        Assert.Equal(1, _world.Rekognition.CallCount("DeleteStreamProcessor"));
        var ops = _world.Operations;
        Assert.Equal("DescribeStreamProcessor", ops[^1]); // the last look found it gone
        Assert.Contains("StopStreamProcessor", ops);
    }

    [Fact]
    public async Task Deleting_a_processor_that_is_not_there_succeeds_as_a_rollback_or_a_repeated_delete_needs()
    {
        var first = await _world.SendAsync("Delete", Properties(), physicalId: Name);
        var again = await _world.SendAsync("Delete", Properties(), physicalId: Name);

        Assert.Equal(("SUCCESS", "SUCCESS"), (Status(first), Status(again)));
        Assert.Equal(0, _world.Rekognition.CallCount("DeleteStreamProcessor"));
    }

    [Fact]
    public async Task A_processor_that_stays_STOPPING_fails_the_delete_within_the_budget_with_a_reason_CloudFormation_shows()
    {
        await using var world = await LifecycleWorld.StartAsync(budget: TimeSpan.FromSeconds(1));
        await world.SendAsync("Create");
        world.Rekognition.StreamProcessorTransitionTime = TimeSpan.FromMinutes(5);
        var clock = Stopwatch.StartNew();

        var response = await world.SendAsync("Delete", Properties(), physicalId: Name);

        Assert.Equal("FAILED", Status(response));
        Assert.StartsWith($"Stream processor {Name} is still STOPPING after 1 s", Reason(response), StringComparison.Ordinal);
        Assert.Contains("deploying again continues", Reason(response), StringComparison.Ordinal);
        Assert.Equal(Name, response["PhysicalResourceId"]!.GetValue<string>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        Assert.Equal("STOPPING", world.Rekognition.StreamProcessor(Name).Status); // not deleted while stopping
        Assert.Equal(0, world.Rekognition.CallCount("DeleteStreamProcessor"));
    }

    [Fact]
    public async Task An_account_without_streaming_video_gets_a_FAILED_create_that_says_to_use_edge_mode()
    {
        _world.Rekognition.StreamingAccessDenied = true;

        var response = await _world.SendAsync("Create");

        Assert.Equal("FAILED", Status(response));
        Assert.StartsWith($"Rekognition refused DescribeStreamProcessor {Name} (AccessDeniedException: ", Reason(response), StringComparison.Ordinal);
        Assert.Equal(0, _world.Rekognition.CallCount("CreateStreamProcessor"));
        Assert.Contains("-c recognition=edge", Reason(response), StringComparison.Ordinal);
        Assert.Contains("2026-04-30", Reason(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("79.9")]
    [InlineData("101")]
    [InlineData("ninety")]
    public async Task A_threshold_Rekognition_would_silently_change_or_cannot_read_is_refused_before_any_call(string threshold)
    {
        var response = await _world.SendAsync("Create", Properties().With("FaceMatchThreshold", threshold));

        Assert.Equal("FAILED", Status(response));
        Assert.Contains($"FaceMatchThreshold '{threshold}' must be a number from 80 to 100", Reason(response), StringComparison.Ordinal);
        Assert.Empty(_world.Operations);
    }

    [Fact]
    public async Task A_missing_property_fails_with_its_name()
    {
        var properties = Properties();
        properties.Remove("RoleArn");

        var response = await _world.SendAsync("Create", properties);

        Assert.Equal("FAILED", Status(response));
        Assert.Equal("ResourceProperties.RoleArn is missing or not a string.", Reason(response));
    }

    [Fact]
    public async Task The_response_is_sent_again_when_S3_answers_503_and_the_log_line_never_holds_the_presigned_URL()
    {
        _world.Responses.FailNext(2);

        var response = await _world.SendAsync("Create");

        Assert.Equal("SUCCESS", Status(response));
        Assert.Equal(3, _world.Responses.Received.Count);
        var log = Assert.Single(_world.Logs);
        Assert.Contains("\"Status\":\"SUCCESS\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature", log, StringComparison.Ordinal);
        Assert.DoesNotContain("AWSAccessKeyId", log, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_without_a_ResponseURL_is_not_a_CloudFormation_request_and_fails_the_invocation()
    {
        using var input = new MemoryStream("""{"RequestType":"Create","ResourceProperties":{}}"""u8.ToArray());

        var e = Assert.Throws<InvalidDataException>(() => _world.Function.Handle(input));

        Assert.Contains("no ResponseURL", e.Message, StringComparison.Ordinal);
    }
}
