using System.Text.Json.Nodes;
using static EyeOfHorus.Infra.Tests.Synthesized;

namespace EyeOfHorus.Infra.Tests;

/// <summary>Encryption at rest everywhere, TLS-only resource policies, nothing public.</summary>
public sealed class SecurityTests
{
    private static Synthesized Stack => Stacks.StreamProcessorTwoCameras;
    private static string KeyId => Stack.Single("AWS::KMS::Key").Id;

    [Fact]
    public void The_stack_key_rotates_and_is_scheduled_for_deletion_with_the_stack()
    {
        var (_, key) = Stack.Single("AWS::KMS::Key");
        Assert.True((bool)key["Properties"]!["EnableKeyRotation"]!);
        Assert.Equal(7, (int)key["Properties"]!["PendingWindowInDays"]!);
        Assert.Equal("Delete", (string?)key["DeletionPolicy"]);
    }

    [Fact]
    public void Data_stream_and_topic_are_encrypted_with_the_stack_key()
    {
        var stream = Stack.Single("AWS::Kinesis::Stream").Resource["Properties"]!;
        Assert.Equal("KMS", (string?)stream["StreamEncryption"]!["EncryptionType"]);
        Same(GetAtt(KeyId, "Arn"), stream["StreamEncryption"]!["KeyId"]);
        Same(GetAtt(KeyId, "Arn"), Stack.Single("AWS::SNS::Topic").Resource["Properties"]!["KmsMasterKeyId"]);
    }

    [Fact]
    public void Buckets_queues_and_table_are_encrypted()
    {
        foreach (var (_, bucket) in Stack.OfType("AWS::S3::Bucket"))
        {
            Assert.Equal("AES256", (string?)bucket["Properties"]!["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]);
            var block = bucket["Properties"]!["PublicAccessBlockConfiguration"]!.AsObject();
            Assert.Equal(4, block.Count(p => (bool)p.Value!));
        }
        var queues = Stack.OfType("AWS::SQS::Queue");
        Assert.Single(queues); // the FaceIndexer's; failed data-stream batches go to S3
        Assert.Equal(3, Stack.OfType("AWS::S3::Bucket").Count);
        Assert.All(queues, q => Assert.True((bool)q.Resource["Properties"]!["SqsManagedSseEnabled"]!));
        var tables = Stack.OfType("AWS::DynamoDB::Table");
        Assert.Equal(2, tables.Count);
        Assert.All(tables, t => Assert.True((bool)t.Resource["Properties"]!["SSESpecification"]!["SSEEnabled"]!));
    }

    [Theory]
    [InlineData("AWS::S3::BucketPolicy", 3)]
    [InlineData("AWS::SQS::QueuePolicy", 1)]
    [InlineData("AWS::SNS::TopicPolicy", 1)]
    public void Resource_policies_deny_requests_without_TLS(string type, int count)
    {
        var policies = Stack.OfType(type);
        Assert.Equal(count, policies.Count);
        foreach (var (id, _) in policies)
        {
            Assert.Contains(Stack.Statements(), s => s.Id == id
                && (string?)s.Statement["Effect"] == "Deny"
                && (string?)s.Statement["Condition"]?["Bool"]?["aws:SecureTransport"] == "false");
        }
    }

    [Fact]
    public void The_topic_refuses_plain_HTTP_publishes()
    {
        var (_, policy) = Stack.Single("AWS::SNS::TopicPolicy");
        var deny = Assert.Single(policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Equal("sns:Publish", (string?)deny["Action"]);
        Same(Ref(Stack.Single("AWS::SNS::Topic").Id), deny["Resource"]);
    }
}
