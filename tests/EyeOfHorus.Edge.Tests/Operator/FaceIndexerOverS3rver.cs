using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using EyeOfHorus.Edge.Operator.Faces;
using EyeOfHorus.FaceIndexer;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary>
/// The real FaceIndexer Lambda function, invoked the way S3 event notifications would invoke it
/// (s3rver cannot call a Lambda), its ledger on dynalite: the bucket's faces/ prefix is polled, and each new or replaced
/// object is delivered as ObjectCreated:Put, each vanished one as ObjectRemoved:Delete. The
/// indexer takes its time like the deployed one, so the CLI's waiting is exercised for real.
/// </summary>
public sealed class FaceIndexerOverS3rver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly IAmazonS3 _s3;
    private readonly Function _function;
    private readonly string _bucket;
    private readonly Dictionary<string, string> _delivered = new(StringComparer.Ordinal);
    private readonly LocalPortraitCheck? _localCheck;

    private const string TopicArn = "arn:aws:sns:us-east-1:123456789012:eye-of-horus-alerts";

    public FaceIndexerOverS3rver(IAmazonS3 s3, AwsClientOptions rekognition, AwsClientOptions sns, IAmazonDynamoDB dynamo, string ledgerTable, string bucket, string collection)
    {
        (_s3, _bucket) = (s3, bucket);
        _function = new Function(new FaceIndexerSettings(collection, TopicArn, ledgerTable),
            new RekognitionClient(rekognition), s3, new SnsClient(sns), dynamo, Log);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Local mode (RECOGNITION=local): no collection and no Rekognition client; each photo checked with the face engine in <paramref name="modelDirectory"/>.</summary>
    public FaceIndexerOverS3rver(IAmazonS3 s3, AwsClientOptions sns, IAmazonDynamoDB dynamo, string ledgerTable, string bucket, string modelDirectory)
    {
        (_s3, _bucket) = (s3, bucket);
        _function = new Function(new FaceIndexerSettings("", TopicArn, ledgerTable) { LocalEngine = true },
            null, s3, new SnsClient(sns), dynamo, Log, _localCheck = LocalPortraitCheck.Load(modelDirectory));
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The function's JSON log lines.</summary>
    public StringWriter Log { get; } = new();

    /// <summary>The last failed invocation (Lambda would retry it; so does the next poll).</summary>
    public Exception? LastError { get; private set; }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await DeliverAsync(_stop.Token);
                await Task.Delay(150, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // kept for the test to assert on; the loop carries on like Lambda's retries
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LastError = ex;
                await Task.Delay(150);
            }
        }
    }

    private async Task DeliverAsync(CancellationToken ct)
    {
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = BucketLayout.FacesPrefix }, ct);
        var present = (listing.S3Objects ?? []).ToDictionary(o => o.Key, o => o.ETag ?? "", StringComparer.Ordinal);
        foreach (var (key, etag) in present)
        {
            if (_delivered.TryGetValue(key, out var seen) && seen == etag) continue;
            if (!await IsWholeAsync(key, ct)) continue; // the next poll delivers it
            await InvokeAsync("ObjectCreated:Put", key, ct);
            _delivered[key] = etag;
        }
        foreach (var key in _delivered.Keys.Where(k => !present.ContainsKey(k)).ToList())
        {
            await InvokeAsync("ObjectRemoved:Delete", key, ct);
            _delivered.Remove(key);
        }
    }

    // S3 notifies once an object is whole. s3rver answers a PUT (and lists the object) when the bytes are handed to
    // its file stream, not when they are written, so under load a GET right after can read a partial file: the SDK's
    // MD5 check then fails ("Expected hash not equal to calculated hash"). Such an object is not yet announced.
    private async Task<bool> IsWholeAsync(string key, CancellationToken ct)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(_bucket, key, ct);
            await response.ResponseStream.CopyToAsync(Stream.Null, ct);
            return true;
        }
        catch (AmazonClientException e) when (e.Message.StartsWith("Expected hash", StringComparison.Ordinal))
        {
            return false;
        }
    }

    private async Task InvokeAsync(string eventName, string key, CancellationToken ct)
    {
        // The S3 notification shape (eventVersion 2.1); keys arrive form-URL-encoded, '/' kept.
        var notification = new JsonObject
        {
            ["Records"] = new JsonArray(new JsonObject
            {
                ["eventVersion"] = "2.1",
                ["eventSource"] = "aws:s3",
                ["awsRegion"] = "us-east-1",
                ["eventTime"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["eventName"] = eventName,
                ["s3"] = new JsonObject
                {
                    ["s3SchemaVersion"] = "1.0",
                    ["bucket"] = new JsonObject { ["name"] = _bucket, ["arn"] = "arn:aws:s3:::" + _bucket },
                    ["object"] = new JsonObject { ["key"] = WebUtility.UrlEncode(key).Replace("%2F", "/", StringComparison.Ordinal) },
                },
            }),
        };
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(notification.ToJsonString()));
        await using var output = await _function.HandleAsync(input, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _localCheck?.Dispose();
        await Log.DisposeAsync();
    }
}
