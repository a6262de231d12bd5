using System.Text.Json;
using EyeOfHorus.Aws;
using EyeOfHorus.Recognition.Alerts;

namespace EyeOfHorus.MatchAlerter;

/// <summary>Publishes alerts to the SNS topic, one message per alert with a text per protocol.</summary>
public sealed class AlertPublisher(SnsClient sns, string topicArn, SnapshotLinks? snapshots)
{
    /// <exception cref="AwsServiceException">SNS rejected the publish (after the client's retries).</exception>
    /// <exception cref="AwsTransportException">No answer: the alert may or may not have gone out.</exception>
    public async Task<PublishResponse> PublishAsync(Sighting sighting, CancellationToken ct)
    {
        var link = sighting.SnapshotKey is { Length: > 0 } key && snapshots is not null ? await snapshots.LinkForAsync(key, ct).ConfigureAwait(false) : null;
        var message = AlertMessage.Compose(sighting, link);
        return await sns.PublishAsync(ToPublishRequest(topicArn, message), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// MessageStructure=json: email and the default get the readable text, SMS the short one,
    /// machine protocols (SQS, Lambda, HTTP/S, Firehose) the JSON document.
    /// </summary>
    public static PublishRequest ToPublishRequest(string topicArn, AlertMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var perProtocol = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["default"] = message.Text,
            ["email"] = message.Text,
            ["email-json"] = message.Document,
            ["sms"] = message.Sms,
            ["sqs"] = message.Document,
            ["lambda"] = message.Document,
            ["http"] = message.Document,
            ["https"] = message.Document,
            ["firehose"] = message.Document,
        };
        return new PublishRequest
        {
            TopicArn = topicArn,
            Subject = message.Subject,
            MessageStructure = "json",
            Message = JsonSerializer.Serialize(perProtocol, AlerterJsonContext.Default.DictionaryStringString),
            MessageAttributes = message.Attributes.ToDictionary(a => a.Key, a => new MessageAttributeValue("String", a.Value), StringComparer.Ordinal),
        };
    }
}

/// <summary>Presigned GET links to snapshots in the snapshot bucket (computed locally, no call to S3).</summary>
public sealed class SnapshotLinks(S3PresignedUrls s3, string bucket, TimeSpan validity)
{
    public Task<Uri> LinkForAsync(string key, CancellationToken ct) => s3.GetObjectAsync(bucket, key, validity, ct);
}
