using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.FaceIndexer;

/// <summary>What FaceIndexer needs to know (Lambda environment: <see cref="FaceIndexerEnvironment"/>).</summary>
public sealed record FaceIndexerSettings(string CollectionId, string TopicArn, string FacesPrefix = FaceIndexerEnvironment.DefaultFacesPrefix)
{
    public static FaceIndexerSettings FromEnvironment() => new(
        Required(FaceIndexerEnvironment.CollectionId),
        Required(FaceIndexerEnvironment.TopicArn),
        Environment.GetEnvironmentVariable(FaceIndexerEnvironment.FacesPrefix) is { Length: > 0 } prefix ? prefix : FaceIndexerEnvironment.DefaultFacesPrefix);

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"FaceIndexer needs the environment variable {name}.");
}

/// <summary>
/// Turns one S3 event record into faces in the collection, or a rejection the uploader hears about.
/// Rejections are outcomes, never exceptions; an exception means "try again later" (a transient
/// AWS failure, or a misconfiguration), so Lambda retries and finally keeps the event.
/// </summary>
public sealed class PhotoIndexer(FaceIndexerSettings settings, RekognitionClient rekognition, IAmazonS3 s3, SnsClient sns)
{
    /// <summary>Enough to see that a photo holds several faces; all but one are deleted then.</summary>
    public const int MaxFacesToDetect = 10;

    private const int MaxFaceIdsPerDelete = 4096;

    public async Task<PhotoOutcome> HandleAsync(S3EventRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var eventName = record.EventName ?? "";
        var bucket = record.S3?.Bucket?.Name;
        var encodedKey = record.S3?.Object?.Key;
        if (record.EventSource != "aws:s3" || bucket is null || encodedKey is null)
            return new(PhotoOutcome.Ignored, eventName, bucket, encodedKey, Detail: $"not an S3 object event (eventSource {record.EventSource ?? "missing"})");

        var key = FaceKey.FromEventKey(encodedKey, settings.FacesPrefix);
        var created = eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal);
        var removed = eventName.StartsWith("ObjectRemoved:", StringComparison.Ordinal) || eventName.StartsWith("LifecycleExpiration:", StringComparison.Ordinal);
        if (!created && !removed)
            return new(PhotoOutcome.Ignored, eventName, bucket, key.Key, Detail: $"{eventName} neither adds nor removes a photo");

        var versionId = record.S3?.Object?.VersionId;
        return key.Kind switch
        {
            FaceKeyKind.Photo when created => await IndexAsync(eventName, bucket, versionId, key.Photo!, ct).ConfigureAwait(false),
            FaceKeyKind.Photo => await RemoveAsync(eventName, bucket, key.Photo!, ct).ConfigureAwait(false),
            FaceKeyKind.BadName when created => await RejectAsync(eventName, bucket, key.Key, versionId, null, PhotoRejection.BadName, key.Problem, ct).ConfigureAwait(false),
            _ => new(PhotoOutcome.Ignored, eventName, bucket, key.Key, Detail: key.Problem),
        };
    }

    private async Task<PhotoOutcome> IndexAsync(string eventName, string bucket, string? versionId, FacePhoto photo, CancellationToken ct)
    {
        byte[] content;
        long size;
        string eTag;
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = photo.Key, VersionId = versionId }, ct).ConfigureAwait(false);
            size = response.ContentLength;
            eTag = response.ETag;
            content = PhotoCheck.CheckSize(size) is null ? await ReadAllAsync(response.ResponseStream, size, ct).ConfigureAwait(false) : [];
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return new(PhotoOutcome.Ignored, eventName, bucket, photo.Key, photo.Person, photo.Photo, Detail: "the object no longer exists (removed since this event)");
        }

        // The object under this key is new: whatever was indexed from the photo it replaces goes first.
        await DeleteFacesOfAsync(photo, ct).ConfigureAwait(false);

        var verdict = PhotoCheck.CheckSize(size) ?? PhotoCheck.Inspect(content);
        if (verdict.Rejection is { } invalid)
            return await RejectAsync(eventName, bucket, photo.Key, versionId, photo, invalid, verdict.Detail, ct).ConfigureAwait(false);

        IndexFacesResponse indexed;
        try
        {
            indexed = await rekognition.IndexFacesAsync(new IndexFacesRequest
            {
                CollectionId = settings.CollectionId,
                Image = new Image { S3Object = new Aws.S3Object { Bucket = bucket, Name = photo.Key, Version = versionId } },
                ExternalImageId = photo.ExternalImageId,
                QualityFilter = "AUTO",
                MaxFaces = MaxFacesToDetect,
                DetectionAttributes = ["DEFAULT"],
            }, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "InvalidImageFormatException" or "ImageTooLargeException")
        {
            var rejection = e.ErrorCode == "ImageTooLargeException" ? PhotoRejection.TooLarge : PhotoRejection.NotAnImage;
            return await RejectAsync(eventName, bucket, photo.Key, versionId, photo, rejection, $"Rekognition: {e.ErrorCode} {e.ErrorMessage}", ct).ConfigureAwait(false);
        }

        var faceIds = (indexed.FaceRecords ?? []).Select(r => r.Face?.FaceId).OfType<string>().ToList();
        var unindexedReasons = (indexed.UnindexedFaces ?? []).Select(u => u.Reasons ?? []).ToList();
        if (FaceCount.Judge(faceIds.Count, unindexedReasons) is var (faceRejection, detail))
        {
            await DeleteFacesAsync(faceIds, ct).ConfigureAwait(false);
            return await RejectAsync(eventName, bucket, photo.Key, versionId, photo, faceRejection, detail, ct).ConfigureAwait(false);
        }

        // Replaced or removed while we indexed it: the newer event may already have cleared this photo's
        // faces before ours were added, so ours must go. (An event handled after this check clears them itself.)
        var change = await ChangedSinceAsync(bucket, photo.Key, versionId, eTag, ct).ConfigureAwait(false);
        if (change is null && !await TagAsync(bucket, photo.Key, versionId, PhotoTags.Indexed, null, faceIds.Count, ct).ConfigureAwait(false))
            change = "removed";
        if (change is not null)
        {
            await DeleteFacesAsync(faceIds, ct).ConfigureAwait(false);
            return new(PhotoOutcome.Ignored, eventName, bucket, photo.Key, photo.Person, photo.Photo,
                Detail: $"the object was {change} while it was indexed; the faces indexed from it were deleted");
        }
        return new(PhotoOutcome.Indexed, eventName, bucket, photo.Key, photo.Person, photo.Photo, faceIds.Count);
    }

    /// <summary>"replaced" or "removed" if the key no longer holds the object read as <paramref name="eTag"/>; else null.</summary>
    private async Task<string?> ChangedSinceAsync(string bucket, string key, string? versionId, string eTag, CancellationToken ct)
    {
        try
        {
            var current = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, ct).ConfigureAwait(false);
            return current.ETag == eTag && (versionId is null || current.VersionId == versionId) ? null : "replaced";
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return "removed";
        }
    }

    private async Task<PhotoOutcome> RemoveAsync(string eventName, string bucket, FacePhoto photo, CancellationToken ct)
    {
        // Events may arrive out of order, and deleting one version of a versioned object leaves the
        // current one: if the key still holds a photo, the faces indexed from it stay.
        try
        {
            await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = photo.Key }, ct).ConfigureAwait(false);
            return new(PhotoOutcome.Ignored, eventName, bucket, photo.Key, photo.Person, photo.Photo,
                Detail: "the key still holds a photo (re-uploaded, or another version remains); its faces stay");
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            // Without s3:ListBucket, S3 answers a HEAD of a missing key with 403, not 404; the role
            // may read every faces/ object, so a 403 here means the key is gone.
        }
        var deleted = await DeleteFacesOfAsync(photo, ct).ConfigureAwait(false);
        return new(PhotoOutcome.Removed, eventName, bucket, photo.Key, photo.Person, photo.Photo, deleted);
    }

    private async Task<PhotoOutcome> RejectAsync(string eventName, string bucket, string key, string? versionId, FacePhoto? photo,
        PhotoRejection rejection, string? detail, CancellationToken ct)
    {
        await TagAsync(bucket, key, versionId, PhotoTags.Rejected, rejection, 0, ct).ConfigureAwait(false);
        await NotifyAsync(new RejectionNotice("face_photo_rejected", bucket, key, photo?.Person, photo?.Photo, rejection.Code, detail, rejection.Advice), ct).ConfigureAwait(false);
        return new(PhotoOutcome.Rejected, eventName, bucket, key, photo?.Person, photo?.Photo, 0, rejection.Code, detail);
    }

    private async Task<int> DeleteFacesOfAsync(FacePhoto photo, CancellationToken ct)
    {
        var faces = await rekognition.ListAllFacesAsync(settings.CollectionId, ct).ConfigureAwait(false);
        var ids = faces.Where(f => f.ExternalImageId == photo.ExternalImageId).Select(f => f.FaceId).OfType<string>().ToList();
        await DeleteFacesAsync(ids, ct).ConfigureAwait(false);
        return ids.Count;
    }

    private async Task DeleteFacesAsync(IReadOnlyList<string> faceIds, CancellationToken ct)
    {
        foreach (var chunk in faceIds.Chunk(MaxFaceIdsPerDelete))
            await rekognition.DeleteFacesAsync(new DeleteFacesRequest { CollectionId = settings.CollectionId, FaceIds = chunk }, ct).ConfigureAwait(false);
    }

    /// <summary>Sets the horus:* tags, keeping the object's other tags. False if the object is gone.</summary>
    private async Task<bool> TagAsync(string bucket, string key, string? versionId, string status, PhotoRejection? rejection, int faces, CancellationToken ct)
    {
        try
        {
            var existing = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = key, VersionId = versionId }, ct).ConfigureAwait(false);
            var tags = (existing.Tagging ?? []).Where(t => !t.Key.StartsWith(PhotoTags.Prefix, StringComparison.Ordinal)).ToList();
            tags.Add(new Tag { Key = PhotoTags.Status, Value = status });
            if (rejection is not null) tags.Add(new Tag { Key = PhotoTags.Reason, Value = rejection.Code });
            tags.Add(new Tag { Key = PhotoTags.Faces, Value = faces.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
            {
                BucketName = bucket,
                Key = key,
                VersionId = versionId,
                Tagging = new Tagging { TagSet = tags },
            }, ct).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task NotifyAsync(RejectionNotice notice, CancellationToken ct)
    {
        var who = notice.Person is null ? "" : $" of {notice.Person}";
        var text = $"The photo{who} s3://{notice.Bucket}/{notice.Key} was not added to the authorised faces.\n" +
                   $"Reason: {notice.Reason}{(notice.Detail is null ? "" : $" ({notice.Detail})")}.\n{notice.Advice}\n";
        var machine = JsonSerializer.Serialize(notice, FaceIndexerJsonContext.Default.RejectionNotice);
        var message = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["default"] = text,
            ["email-json"] = machine,
            ["sqs"] = machine,
            ["lambda"] = machine,
            ["https"] = machine,
            ["http"] = machine,
        }, FaceIndexerJsonContext.Default.DictionaryStringString);
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["event"] = new("String", notice.Event),
            ["reason"] = new("String", notice.Reason),
        };
        if (notice.Person is not null) attributes["person"] = new("String", notice.Person);
        await sns.PublishAsync(new PublishRequest
        {
            TopicArn = settings.TopicArn,
            Subject = $"Eye of Horus: face photo rejected ({notice.Reason})",
            Message = message,
            MessageStructure = "json",
            MessageAttributes = attributes,
        }, ct).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, long size, CancellationToken ct)
    {
        using var buffer = new MemoryStream(size is > 0 and <= BucketLayout.MaxPhotoBytes ? (int)size : 0);
        await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
