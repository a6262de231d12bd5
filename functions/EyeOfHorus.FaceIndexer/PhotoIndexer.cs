using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.FaceIndexer;

/// <summary>What FaceIndexer needs to know (Lambda environment: <see cref="FaceIndexerEnvironment"/>).</summary>
public sealed record FaceIndexerSettings(string CollectionId, string TopicArn, string LedgerTable, string FacesPrefix = FaceIndexerEnvironment.DefaultFacesPrefix)
{
    /// <summary>How long a photo key's lease lasts; longer than the function's timeout (60 s), so only a dead holder loses it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long an invocation waits for another one to finish with the same key before Lambda retries it.</summary>
    public TimeSpan LeaseWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Local mode: photos are checked with the local face engine, there is no collection (<see cref="CollectionId"/> is empty).</summary>
    public bool LocalEngine { get; init; }

    public static FaceIndexerSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <param name="variable">Reads one environment variable (null or empty when unset).</param>
    public static FaceIndexerSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string Required(string name) =>
            variable(name) is { Length: > 0 } value ? value
                : throw new InvalidOperationException($"FaceIndexer needs the environment variable {name}.");
        var local = variable(FaceIndexerEnvironment.Recognition) switch
        {
            null or "" or RecognitionModes.StreamProcessor or RecognitionModes.Edge => false,
            RecognitionModes.Local => true,
            var other => throw new InvalidOperationException($"FaceIndexer: {FaceIndexerEnvironment.Recognition}={other} is not a recognition mode."),
        };
        return new(
            local ? "" : Required(FaceIndexerEnvironment.CollectionId),
            Required(FaceIndexerEnvironment.TopicArn),
            Required(FaceIndexerEnvironment.LedgerTable),
            variable(FaceIndexerEnvironment.FacesPrefix) is { Length: > 0 } prefix ? prefix : FaceIndexerEnvironment.DefaultFacesPrefix)
        {
            LocalEngine = local,
        };
    }
}

/// <summary>The version a key holds now: its version id (null in an unversioned bucket) and the token the ledger knows it by.</summary>
internal sealed record CurrentPhoto(string? VersionId, string Version, long Size, string ETag);

/// <summary>
/// Turns one S3 event record into the collection S3 implies: whatever the event says, the photo key
/// is reconciled with its current version (see the README for the rule). Rejections are outcomes,
/// never exceptions; an exception means "try again later" (a transient AWS failure, a busy key, or
/// a misconfiguration), so Lambda retries and finally keeps the event. In local mode
/// (<paramref name="local"/> set, no Rekognition) a photo is "indexed" when the local engine accepts it:
/// the ledger and the tags work as in the other modes, and nothing else stores a face.
/// </summary>
public sealed class PhotoIndexer(FaceIndexerSettings settings, RekognitionClient? rekognition, IAmazonS3 s3, SnsClient sns, PhotoLedger ledger,
    LocalPortraitCheck? local = null)
{
    /// <summary>Enough to see that a photo holds several faces; all but one are deleted then.</summary>
    public const int MaxFacesToDetect = 10;

    /// <summary>S3's limit of tags per object version.</summary>
    public const int MaxTags = 10;

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

        return key.Kind switch
        {
            FaceKeyKind.Photo => await ReconcileAsync(eventName, bucket, key.Photo!, ct).ConfigureAwait(false),
            FaceKeyKind.BadName when created => await RejectBadNameAsync(eventName, bucket, key.Key, record.S3!.Object!, key.Problem, ct).ConfigureAwait(false),
            _ => new(PhotoOutcome.Ignored, eventName, bucket, key.Key, Detail: key.Problem),
        };
    }

    /// <summary>Holds the key's lease while it makes the collection match the key's current version.</summary>
    private async Task<PhotoOutcome> ReconcileAsync(string eventName, string bucket, FacePhoto photo, CancellationToken ct)
    {
        var holder = Guid.NewGuid().ToString("N");
        var entry = await ledger.AcquireAsync(photo.Key, holder, settings.Lease, settings.LeaseWait, ct).ConfigureAwait(false);
        try
        {
            return await ReconcileHeldAsync(eventName, bucket, photo, entry, ct).ConfigureAwait(false);
        }
        finally
        {
            await ledger.ReleaseAsync(photo.Key, holder, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<PhotoOutcome> ReconcileHeldAsync(string eventName, string bucket, FacePhoto photo, PhotoEntry entry, CancellationToken ct)
    {
        var current = await CurrentAsync(bucket, photo.Key, ct).ConfigureAwait(false);
        var version = current?.Version;

        // Faces of any other version go; of the current version, one image's faces stay (ImageIds order them).
        var keep = entry.Faces.Where(f => f.Version == version).Select(f => f.ImageId).Order(StringComparer.Ordinal).FirstOrDefault();
        var stale = entry.Faces.Where(f => f.ImageId != keep).Select(f => f.FaceId).ToList();
        await DeleteFacesAsync(stale, ct).ConfigureAwait(false);
        // Rejections are kept: a version made current again (a rollback) is not reported twice.
        await ledger.ForgetAsync(photo.Key, stale, [], ct).ConfigureAwait(false);
        var replaced = stale.Count > 0 ? $"{stale.Count} face(s) of another version deleted" : null;

        if (current is null)
            return stale.Count > 0
                ? new(PhotoOutcome.Removed, eventName, bucket, photo.Key, photo.Person, photo.Photo, stale.Count)
                : new(PhotoOutcome.Ignored, eventName, bucket, photo.Key, photo.Person, photo.Photo, 0,
                    Detail: "the key holds no photo (deleted, or its current version is a delete marker) and no face of it is indexed");
        if (keep is not null)
            return new(PhotoOutcome.Indexed, eventName, bucket, photo.Key, photo.Person, photo.Photo, 1, Version: current.Version,
                Detail: Join("already indexed", replaced), Tagging: await TagAsync(bucket, photo.Key, current.VersionId, PhotoTags.Indexed, ct).ConfigureAwait(false));
        if (entry.Rejections.TryGetValue(current.Version, out var code) && PhotoRejection.All.FirstOrDefault(r => r.Code == code) is { } earlier)
            return new(PhotoOutcome.Rejected, eventName, bucket, photo.Key, photo.Person, photo.Photo, 0, earlier.Code, Join("already rejected and reported", replaced),
                current.Version, await TagAsync(bucket, photo.Key, current.VersionId, PhotoTags.Rejected(earlier), ct).ConfigureAwait(false), Notified: false);
        var outcome = await IndexAsync(eventName, bucket, photo, current, ct).ConfigureAwait(false);
        return outcome with { Detail = Join(outcome.Detail, replaced) };
    }

    private async Task<PhotoOutcome> IndexAsync(string eventName, string bucket, FacePhoto photo, CurrentPhoto current, CancellationToken ct)
    {
        var verdict = PhotoCheck.CheckSize(current.Size);
        byte[]? content = null;
        if (verdict is null)
        {
            if (await ReadAsync(bucket, photo.Key, current, ct).ConfigureAwait(false) is not { } read)
                return Superseded(eventName, bucket, photo, current);
            content = read;
            verdict = PhotoCheck.Inspect(content);
        }
        if (verdict.Rejection is { } invalid)
            return await RejectAsync(eventName, bucket, photo.Key, current, photo, invalid, verdict.Detail, ct).ConfigureAwait(false);
        if (local is not null)
            return await CheckLocallyAsync(eventName, bucket, photo, current, content!, ct).ConfigureAwait(false);
        ArgumentNullException.ThrowIfNull(rekognition);

        IndexFacesResponse indexed;
        try
        {
            indexed = await rekognition.IndexFacesAsync(new IndexFacesRequest
            {
                CollectionId = settings.CollectionId,
                Image = new Image { S3Object = new Aws.S3Object { Bucket = bucket, Name = photo.Key, Version = current.VersionId } },
                ExternalImageId = photo.ExternalImageId,
                QualityFilter = "AUTO",
                MaxFaces = MaxFacesToDetect,
            }, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "InvalidImageFormatException" or "ImageTooLargeException")
        {
            var rejection = e.ErrorCode == "ImageTooLargeException" ? PhotoRejection.TooLarge : PhotoRejection.NotAnImage;
            return await RejectAsync(eventName, bucket, photo.Key, current, photo, rejection, $"Rekognition: {e.ErrorCode} {e.ErrorMessage}", ct).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "InvalidS3ObjectException")
        {
            // Rekognition could not read the version: gone since we looked, or (if it is still current) a setup problem.
            if ((await CurrentAsync(bucket, photo.Key, ct).ConfigureAwait(false))?.Version == current.Version) throw;
            return Superseded(eventName, bucket, photo, current);
        }

        var faces = (indexed.FaceRecords ?? []).Select(r => r.Face).OfType<Face>().Where(f => f.FaceId is not null).ToList();
        var faceIds = faces.Select(f => f.FaceId!).ToList();
        var unindexedReasons = (indexed.UnindexedFaces ?? []).Select(u => u.Reasons ?? []).ToList();
        if (FaceCount.Judge(faceIds.Count, unindexedReasons) is var (faceRejection, detail))
        {
            await DeleteFacesAsync(faceIds, ct).ConfigureAwait(false);
            return await RejectAsync(eventName, bucket, photo.Key, current, photo, faceRejection, detail, ct).ConfigureAwait(false);
        }

        try
        {
            await ledger.AddFacesAsync(photo.Key, current.Version, faces[0].ImageId ?? faceIds[0], faceIds, ct).ConfigureAwait(false);
        }
        catch
        {
            // A face the ledger does not know would stay authorised for good: take it back before failing.
            await DeleteFacesAsync(faceIds, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        var tagging = await TagAsync(bucket, photo.Key, current.VersionId, PhotoTags.Indexed, ct).ConfigureAwait(false);
        return new(PhotoOutcome.Indexed, eventName, bucket, photo.Key, photo.Person, photo.Photo, faceIds.Count, Version: current.Version, Tagging: tagging);
    }

    private async Task<PhotoOutcome> CheckLocallyAsync(string eventName, string bucket, FacePhoto photo, CurrentPhoto current, byte[] content, CancellationToken ct)
    {
        var portrait = local!.Check(content);
        if (portrait.Rejection is { } rejection)
            return await RejectAsync(eventName, bucket, photo.Key, current, photo, rejection, portrait.Detail, ct).ConfigureAwait(false);
        await ledger.AddFacesAsync(photo.Key, current.Version, portrait.FaceId!, [portrait.FaceId!], ct).ConfigureAwait(false);
        var tagging = await TagAsync(bucket, photo.Key, current.VersionId, PhotoTags.Indexed, ct).ConfigureAwait(false);
        return new(PhotoOutcome.Indexed, eventName, bucket, photo.Key, photo.Person, photo.Photo, 1, Version: current.Version, Tagging: tagging);
    }

    private static PhotoOutcome Superseded(string eventName, string bucket, FacePhoto photo, CurrentPhoto current) =>
        new(PhotoOutcome.Ignored, eventName, bucket, photo.Key, photo.Person, photo.Photo, 0, Version: current.Version,
            Detail: "the version was replaced or deleted while it was read; the event of that change reconciles the key");

    /// <summary>The key's current version (HeadObject); null when S3 says it holds none (404, or 403 for a role without s3:ListBucket).</summary>
    private async Task<CurrentPhoto?> CurrentAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, ct).ConfigureAwait(false);
            var versionId = head.VersionId is { Length: > 0 } and not "null" ? head.VersionId : null;
            return new CurrentPhoto(versionId, versionId ?? "etag:" + head.ETag, head.ContentLength, head.ETag);
        }
        catch (AmazonS3Exception e) when (IsGone(e))
        {
            return null;
        }
    }

    /// <summary>The bytes of exactly that version; null when it is gone (or, unversioned, was overwritten).</summary>
    private async Task<byte[]?> ReadAsync(string bucket, string key, CurrentPhoto current, CancellationToken ct)
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest
            {
                BucketName = bucket,
                Key = key,
                VersionId = current.VersionId,
                EtagToMatch = current.VersionId is null ? current.ETag : null,
            }, ct).ConfigureAwait(false);
            return await ReadAllAsync(response.ResponseStream, response.ContentLength, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsGone(e) || e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
    }

    /// <summary>
    /// Gone: 404 (NoSuchKey, NoSuchVersion, or a delete marker), 403 (S3's answer for a missing key to a role
    /// without s3:ListBucket; the role may read every faces/ object, so nothing else denies it) and 405 (the
    /// version named is a delete marker).
    /// </summary>
    private static bool IsGone(AmazonS3Exception e) =>
        e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.MethodNotAllowed;

    private async Task<PhotoOutcome> RejectBadNameAsync(string eventName, string bucket, string key, S3ObjectEntity @object, string? problem, CancellationToken ct)
    {
        var versionId = @object.VersionId is { Length: > 0 } and not "null" ? @object.VersionId : null;
        var current = new CurrentPhoto(versionId, versionId ?? "etag:" + (@object.ETag ?? @object.Sequencer), @object.Size ?? 0, @object.ETag ?? "");
        return await RejectAsync(eventName, bucket, key, current, null, PhotoRejection.BadName, problem, ct).ConfigureAwait(false);
    }

    /// <summary>Records the rejection of the version; the first time, tells the uploader. The tag is best effort.</summary>
    private async Task<PhotoOutcome> RejectAsync(string eventName, string bucket, string key, CurrentPhoto version, FacePhoto? photo,
        PhotoRejection rejection, string? detail, CancellationToken ct)
    {
        var first = await ledger.MarkRejectedAsync(key, version.Version, rejection.Code, ct).ConfigureAwait(false);
        var tagging = await TagAsync(bucket, key, version.VersionId, PhotoTags.Rejected(rejection), ct).ConfigureAwait(false);
        if (first)
        {
            try
            {
                await NotifyAsync(new RejectionNotice("face_photo_rejected", bucket, key, photo?.Person, photo?.Photo, rejection.Code, detail, rejection.Advice, version.VersionId), ct).ConfigureAwait(false);
            }
            catch
            {
                // Not told: the retry must tell.
                await ledger.ForgetAsync(key, [], [version.Version], CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        return new(PhotoOutcome.Rejected, eventName, bucket, key, photo?.Person, photo?.Photo, 0, rejection.Code,
            first ? detail : Join(detail, "already reported"), version.Version, tagging, first);
    }

    private async Task DeleteFacesAsync(IReadOnlyList<string> faceIds, CancellationToken ct)
    {
        if (local is not null || faceIds.Count == 0) return; // local mode stores faces only in the ledger
        ArgumentNullException.ThrowIfNull(rekognition);
        foreach (var chunk in faceIds.Chunk(MaxFaceIdsPerDelete))
            await rekognition.DeleteFacesAsync(new DeleteFacesRequest { CollectionId = settings.CollectionId, FaceIds = chunk }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the version's <c>horus:status</c> tag, keeping its other tags and dropping older <c>horus:*</c> ones.
    /// Null when tagged; otherwise why not (the version is gone, or S3's 10 tags are taken by the uploader's).
    /// </summary>
    private async Task<string?> TagAsync(string bucket, string key, string? versionId, string status, CancellationToken ct)
    {
        try
        {
            var existing = (await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = key, VersionId = versionId }, ct).ConfigureAwait(false)).Tagging ?? [];
            var tags = existing.Where(t => !t.Key.StartsWith(PhotoTags.Prefix, StringComparison.Ordinal)).ToList();
            if (existing.Count == tags.Count + 1 && existing.Any(t => t.Key == PhotoTags.Status && t.Value == status))
                return null;
            if (tags.Count >= MaxTags)
                return $"not tagged: the photo has {tags.Count} tags of its own and S3 allows {MaxTags}";
            tags.Add(new Tag { Key = PhotoTags.Status, Value = status });
            await s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
            {
                BucketName = bucket,
                Key = key,
                VersionId = versionId,
                Tagging = new Tagging { TagSet = tags },
            }, ct).ConfigureAwait(false);
            return null;
        }
        catch (AmazonS3Exception e) when (IsGone(e))
        {
            return "not tagged: the version is gone";
        }
    }

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : $"{first}; {second}";

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
