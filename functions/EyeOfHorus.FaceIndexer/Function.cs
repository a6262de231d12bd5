using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.S3;
using EyeOfHorus.Aws;

namespace EyeOfHorus.FaceIndexer;

/// <summary>
/// Lambda entry point (handler <c>EyeOfHorus.FaceIndexer::EyeOfHorus.FaceIndexer.Function::Handle</c>),
/// invoked asynchronously by S3 event notifications for the faces/ prefix. Writes one JSON log line
/// per object. Throws only when trying again may succeed (or a human must fix the setup), so that
/// Lambda retries and the on-failure destination keeps the event; rejected photos do not throw.
/// </summary>
public sealed class Function
{
    private readonly PhotoIndexer _indexer;
    private readonly TextWriter _log;

    /// <summary>For the Lambda runtime: configuration and credentials from the environment.</summary>
    public Function()
        : this(FaceIndexerSettings.FromEnvironment())
    {
    }

    private Function(FaceIndexerSettings settings)
        : this(settings,
            settings.LocalEngine ? null : new RekognitionClient(AwsClientOptions.FromEnvironment("rekognition")),
            new AmazonS3Client(new AmazonS3Config { Timeout = TimeSpan.FromSeconds(20) }),
            new SnsClient(AwsClientOptions.FromEnvironment("sns")),
            new AmazonDynamoDBClient(new AmazonDynamoDBConfig { Timeout = TimeSpan.FromSeconds(10) }),
            Console.Out,
            // Local mode: the models ship in the package's models/ folder (LambdaPackages copies them).
            settings.LocalEngine ? LocalPortraitCheck.Load() : null)
    {
    }

    /// <param name="local">Local mode's photo check (then <paramref name="rekognition"/> is not used and may be null).</param>
    public Function(FaceIndexerSettings settings, RekognitionClient? rekognition, IAmazonS3 s3, SnsClient sns, IAmazonDynamoDB dynamo, TextWriter log,
        LocalPortraitCheck? local = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _indexer = new PhotoIndexer(settings, rekognition, s3, sns, new PhotoLedger(dynamo, settings.LedgerTable, TimeProvider.System), local);
        _log = log;
    }

    public Stream Handle(Stream input) => HandleAsync(input).GetAwaiter().GetResult();

    public async Task<Stream> HandleAsync(Stream input, CancellationToken ct = default)
    {
        S3Notification notification;
        try
        {
            notification = await JsonSerializer.DeserializeAsync(input, FaceIndexerJsonContext.Default.S3Notification, ct).ConfigureAwait(false)
                           ?? throw new JsonException("the event is null");
        }
        catch (JsonException e)
        {
            Log(new PhotoOutcome(PhotoOutcome.Failed, null, null, null, Detail: $"the event is not JSON: {e.Message}"));
            throw new InvalidDataException("FaceIndexer was invoked with something that is not JSON; the event is kept for inspection.", e);
        }

        var outcomes = new List<PhotoOutcome>();
        if (notification.Event == "s3:TestEvent")
            outcomes.Add(Log(new PhotoOutcome(PhotoOutcome.Ignored, notification.Event, notification.Bucket, null, Detail: "S3 test event")));
        else if (notification.Records is null)
        {
            Log(new PhotoOutcome(PhotoOutcome.Failed, null, null, null, Detail: "not an S3 event notification (no Records)"));
            throw new InvalidDataException("FaceIndexer expects S3 event notifications (Records); this event is kept for inspection.");
        }
        else
        {
            foreach (var record in notification.Records)
            {
                try
                {
                    outcomes.Add(Log(await _indexer.HandleAsync(record, ct).ConfigureAwait(false)));
                }
                catch (Exception e)
                {
                    Log(new PhotoOutcome(PhotoOutcome.Failed, record.EventName, record.S3?.Bucket?.Name, record.S3?.Object?.Key,
                        Detail: $"{e.GetType().Name}: {e.Message} (the invocation fails so that Lambda retries it)"));
                    throw;
                }
            }
        }

        var result = new MemoryStream();
        await JsonSerializer.SerializeAsync(result, new FaceIndexerResult(outcomes), FaceIndexerJsonContext.Default.FaceIndexerResult, ct).ConfigureAwait(false);
        result.Position = 0;
        return result;
    }

    private PhotoOutcome Log(PhotoOutcome outcome)
    {
        _log.WriteLine(JsonSerializer.Serialize(outcome, FaceIndexerJsonContext.Default.PhotoOutcome));
        return outcome;
    }
}
