using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Edge.Operator.Faces;
using EyeOfHorus.Recognition;

namespace EyeOfHorus.Edge.Tests.Operator;

/// <summary>
/// Does what the deployed FaceIndexer does for the faces bucket (s3rver cannot invoke a Lambda):
/// a new photo under faces/ is indexed into the collection (one face → indexed, none → no-face,
/// several → several-faces, its faces removed again) and tagged; a deleted photo's faces are removed.
/// It polls the bucket, so the CLI's waiting is exercised against a system that takes its time.
/// </summary>
public sealed class SimulatedIndexer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly IAmazonS3 _s3;
    private readonly RekognitionClient _rekognition;
    private readonly string _bucket;
    private readonly string _collection;

    /// <summary>The last failure of a pass (the loop carries on, as the Lambda would be retried).</summary>
    public Exception? LastError { get; private set; }

    public SimulatedIndexer(IAmazonS3 s3, RekognitionClient rekognition, string bucket, string collection)
    {
        (_s3, _rekognition, _bucket, _collection) = (s3, rekognition, bucket, collection);
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await PassAsync(_stop.Token);
                await Task.Delay(150, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is AmazonS3Exception or AwsServiceException or AwsTransportException or HttpRequestException)
            {
                LastError = ex;
                await Task.Delay(150);
            }
        }
    }

    private async Task PassAsync(CancellationToken ct)
    {
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = FacePhotos.Prefix }, ct);
        var present = new HashSet<FaceIdentity>();
        foreach (var key in (listing.S3Objects ?? []).Select(o => o.Key))
        {
            if (FacePhotos.Parse(key) is not { } identity) continue;
            present.Add(identity);
            try
            {
                await IndexAsync(key, identity, ct);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // deleted while this pass ran: the removal is handled on the next pass
            }
        }

        var gone = (await _rekognition.ListAllFacesAsync(_collection, ct))
            .Where(f => FaceNaming.Decode(f.ExternalImageId) is { } id && !present.Contains(id))
            .Select(f => f.FaceId!).ToList();
        if (gone.Count > 0)
            await _rekognition.DeleteFacesAsync(new DeleteFacesRequest { CollectionId = _collection, FaceIds = gone }, ct);
    }

    private async Task IndexAsync(string key, FaceIdentity identity, CancellationToken ct)
    {
        var tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = key }, ct);
        if ((tags.Tagging ?? []).Any(t => t.Key == FacePhotos.StatusTag)) return;

        var indexed = await _rekognition.IndexFacesAsync(new IndexFacesRequest
        {
            CollectionId = _collection,
            Image = new Image { S3Object = new EyeOfHorus.Aws.S3Object { Bucket = _bucket, Name = key } },
            ExternalImageId = FaceNaming.Encode(identity.Person, identity.Photo),
            QualityFilter = "AUTO",
        }, ct);
        var faces = indexed.FaceRecords ?? [];
        var (status, reason) = faces.Count switch
        {
            1 => ("indexed", null),
            0 => ("rejected", "no-face"),
            _ => ("rejected", "several-faces"),
        };
        if (faces.Count > 1)
            await _rekognition.DeleteFacesAsync(new DeleteFacesRequest { CollectionId = _collection, FaceIds = [.. faces.Select(f => f.Face!.FaceId!)] }, ct);
        var tagSet = new List<Tag> { new() { Key = FacePhotos.StatusTag, Value = status }, new() { Key = FacePhotos.FacesTag, Value = status == "indexed" ? "1" : "0" } };
        if (reason is not null) tagSet.Add(new Tag { Key = FacePhotos.ReasonTag, Value = reason });
        await _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = _bucket, Key = key, Tagging = new Tagging { TagSet = tagSet } }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
