using System.Text.Json.Nodes;

namespace EyeOfHorus.Infra.Tests;

/// <summary>
/// Switching modes is a redeploy with another <c>-c recognition</c>: CloudFormation compares the two
/// templates by logical ID. A resource only in the old template is deleted, one only in the new one is
/// created, one in both is updated in place unless a create-only property changed. These tests read
/// that diff off the synthesized templates for every direction.
/// </summary>
public sealed class ModeSwitchTests
{
    public static TheoryData<string, string> Switches => new()
    {
        { "stream-processor", "edge" }, { "edge", "stream-processor" },
        { "stream-processor", "local" }, { "local", "stream-processor" },
        { "edge", "local" }, { "local", "edge" },
    };

    private static readonly string[] Modes = ["stream-processor", "edge", "local"];

    private static HashSet<string> Ids(Synthesized stack) => [.. stack.Resources.Select(r => r.Key)];

    private static IReadOnlyList<string> Types(Synthesized stack, IEnumerable<string> ids) =>
        [.. ids.Select(id => (string)stack.Resources[id]!["Type"]!).Order(StringComparer.Ordinal)];

    /// <summary>What the switch deletes (by type, sorted): only what exists for the old mode's recognition.</summary>
    private static IReadOnlyList<string> Deleted(string from, string to) =>
        Types(Stacks.TwoCameras(from), Ids(Stacks.TwoCameras(from)).Except(Ids(Stacks.TwoCameras(to))));

    private static IReadOnlyList<string> Created(string from, string to) => Deleted(to, from);

    private static readonly string[] ProcessorResources =
    [
        // the lifecycle function (with its role and log group), the Rekognition role, one processor per camera
        "AWS::IAM::Role", "AWS::IAM::Role", "AWS::Lambda::Function", "AWS::Logs::LogGroup",
        "Custom::StreamProcessor", "Custom::StreamProcessor",
    ];

    // The collection and the FaceIndexer's ledger of its faces; local mode's FaceIndexer keeps another ledger.
    private static readonly string[] CollectionResources = ["AWS::DynamoDB::Table", "AWS::Rekognition::Collection"];
    private static readonly string[] LocalResources = ["AWS::DynamoDB::Table"];

    [Theory]
    [MemberData(nameof(Switches))]
    public void A_switch_creates_and_deletes_only_what_one_mode_has_and_the_other_lacks(string from, string to)
    {
        IReadOnlyList<string> Expected(string a, string b) =>
            [.. (a, b) switch
            {
                ("stream-processor", "edge") => ProcessorResources,
                ("stream-processor", "local") => ProcessorResources.Concat(CollectionResources),
                ("edge", "local") => CollectionResources,
                ("local", _) => LocalResources,
                _ => [],
            }];
        var deleted = Deleted(from, to);
        var created = Created(from, to);
        Assert.Equal([.. Expected(from, to).Order(StringComparer.Ordinal)], deleted);
        Assert.Equal([.. Expected(to, from).Order(StringComparer.Ordinal)], created);
    }

    [Theory]
    [MemberData(nameof(Switches))]
    public void No_logical_ID_changes_its_type_so_every_kept_resource_is_an_update(string from, string to)
    {
        var a = Stacks.TwoCameras(from);
        var b = Stacks.TwoCameras(to);
        foreach (var id in Ids(a).Intersect(Ids(b)))
            Assert.Equal((string)a.Resources[id]!["Type"]!, (string)b.Resources[id]!["Type"]!);
    }

    [Fact]
    public void Buckets_streams_key_topic_and_tables_of_the_alerts_are_the_same_resources_with_the_same_settings_in_every_mode()
    {
        // Same logical ID and same properties: no replacement, so no photo, video archive, record or cooldown is lost.
        string[] paths =
        [
            "FacesBucket/Bucket/Resource", "FacesBucket/AccessLogs/Resource", "MatchAlerter/FailedBatches/Bucket/Resource",
            "MatchDataStream/Stream/Resource", "EncryptionKey/Key/Resource", "AlertTopic/Topic/Resource", "CooldownTable/Table/Resource",
            "VideoStreams/front-door", "VideoStreams/garage",
        ];
        var reference = Stacks.TwoCameras("stream-processor");
        foreach (var path in paths)
        {
            var (id, resource) = reference.AtPath(path);
            foreach (var mode in Modes)
            {
                var (otherId, other) = Stacks.TwoCameras(mode).AtPath(path);
                Assert.Equal(id, otherId);
                var props = (JsonObject?)resource["Properties"]?.DeepClone() ?? [];
                var otherProps = (JsonObject?)other["Properties"]?.DeepClone() ?? [];
                // The bucket's notifications (to the FaceIndexer) are an in-place property, not an identity.
                props.Remove("NotificationConfiguration");
                otherProps.Remove("NotificationConfiguration");
                Assert.True(JsonNode.DeepEquals(props, otherProps), $"{path} differs in {mode} mode:\n{props.ToJsonString()}\n{otherProps.ToJsonString()}");
            }
        }
    }

    [Fact]
    public void The_camera_host_policy_is_updated_in_place_so_its_ARN_and_the_host_role_attachment_survive()
    {
        var ids = Modes.Select(m => Stacks.TwoCameras(m).Single("AWS::IAM::ManagedPolicy")).ToList();
        Assert.Single(ids.Select(p => p.Id).Distinct());
        // A ManagedPolicyName (create-only) would make a changed policy a replacement with a new ARN.
        Assert.All(ids, p => Assert.False(p.Resource["Properties"]!.AsObject().ContainsKey("ManagedPolicyName")));
        Assert.All(Modes, m => Assert.Equal(ids[0].Id, (string?)Stacks.TwoCameras(m).Outputs["CameraHostPolicyArn"]!["Value"]!["Ref"]));
    }

    [Theory]
    [InlineData("edge")]
    [InlineData("local")]
    public void Leaving_stream_processor_mode_deletes_each_processor_before_the_function_that_stops_it(string to)
    {
        // CloudFormation deletes a resource before the resources it refers to; each processor refers to the
        // lifecycle function (ServiceToken) and its role, so the function is still there to stop and delete it.
        var from = Stacks.TwoCameras("stream-processor");
        var gone = Ids(from).Except(Ids(Stacks.TwoCameras(to))).ToHashSet();
        var lifecycle = from.AtPath("StreamProcessors/Lifecycle/Function/Resource").Id;
        var processors = from.OfType("Custom::StreamProcessor");
        Assert.Equal(2, processors.Count);
        foreach (var (id, processor) in processors)
        {
            Assert.Contains(id, gone);
            Assert.Contains(lifecycle, gone);
            Assert.Equal(lifecycle, (string?)processor["Properties"]!["ServiceToken"]!["Fn::GetAtt"]![0]);
            if (to == "local")
                Assert.Contains(from.Single("AWS::Rekognition::Collection").Id, processor["DependsOn"]!.AsArray().Select(d => (string?)d));
        }
    }

    [Theory]
    [InlineData("stream-processor")]
    [InlineData("edge")]
    public void Into_local_mode_the_collection_and_its_ledger_go_and_back_they_start_empty(string other)
    {
        var local = Stacks.TwoCameras("local");
        var withCollection = Stacks.TwoCameras(other);
        var collection = withCollection.Single("AWS::Rekognition::Collection");
        Assert.Equal("Delete", (string?)collection.Resource["DeletionPolicy"]); // no orphaned collection billed per face
        Assert.DoesNotContain(collection.Id, Ids(local));
        // The ledger of which face came from which photo goes with the collection, so after switching back
        // a new empty collection is not mistaken for an indexed one (README: switching modes).
        var ledger = withCollection.AtPath("FaceIndexer/Ledger/Table/Resource");
        Assert.Equal("Delete", (string?)ledger.Resource["DeletionPolicy"]);
        Assert.DoesNotContain(ledger.Id, Ids(local));
        var localLedger = local.AtPath("FaceIndexer/LocalLedger/Table/Resource");
        Assert.Equal("Delete", (string?)localLedger.Resource["DeletionPolicy"]);
        Assert.DoesNotContain(localLedger.Id, Ids(withCollection));
        // The function itself, its queue and the bucket's notifications stay: updated in place.
        Assert.Equal(withCollection.AtPath("FaceIndexer/Lambda/Function/Resource").Id, local.AtPath("FaceIndexer/Lambda/Function/Resource").Id);
    }
}
