using System.Text.Json;
using EyeOfHorus.Aws;
using EyeOfHorus.Recognition.Alerts;

namespace EyeOfHorus.MatchAlerter;

/// <summary>Lambda entry point (handler <c>EyeOfHorus.MatchAlerter::EyeOfHorus.MatchAlerter.Function::Handle</c>).</summary>
public sealed class Function
{
    // Snapshot links are signed with the Lambda's session credentials, so they stop working when
    // those expire (hours), whatever longer validity is asked for.
    private static readonly TimeSpan SnapshotLinkValidity = TimeSpan.FromHours(12);
    private readonly AlertBatchProcessor _processor;

    /// <summary>Reads the environment (see <see cref="AlerterConfiguration"/>) and AWS_REGION/credentials as Lambda sets them.</summary>
    public Function() : this(AlerterConfiguration.FromEnvironment(Environment.GetEnvironmentVariable),
        new DynamoDbClient(AwsClientOptions.FromEnvironment("dynamodb") with { Timeout = TimeSpan.FromSeconds(3) }),
        new SnsClient(AwsClientOptions.FromEnvironment("sns")),
        new S3PresignedUrls(AwsClientOptions.FromEnvironment("s3")), Console.WriteLine)
    {
    }

    public Function(AlerterConfiguration configuration, DynamoDbClient dynamo, SnsClient sns, S3PresignedUrls? s3, Action<string> log, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var snapshots = configuration.SnapshotBucket is { } bucket && s3 is not null ? new SnapshotLinks(s3, bucket, SnapshotLinkValidity) : null;
        _processor = new AlertBatchProcessor(
            new AlertPolicy(configuration.Settings, configuration.Cameras),
            new CooldownTable(dynamo, configuration.CooldownTable, clock ?? TimeProvider.System),
            new AlertPublisher(sns, configuration.TopicArn, snapshots),
            log);
    }

    public AlertBatchProcessor Processor => _processor;

    /// <summary>Kinesis event in, <c>{"batchItemFailures":[...]}</c> out.</summary>
    public Stream Handle(Stream input)
    {
        var kinesisEvent = JsonSerializer.Deserialize(input, AlerterJsonContext.Default.KinesisEvent)
            ?? throw new InvalidDataException("The Lambda event is JSON null.");
        var outcome = _processor.ProcessAsync(kinesisEvent).GetAwaiter().GetResult();
        var output = new MemoryStream();
        JsonSerializer.Serialize(output, outcome.Response, AlerterJsonContext.Default.BatchResponse);
        output.Position = 0;
        return output;
    }
}
