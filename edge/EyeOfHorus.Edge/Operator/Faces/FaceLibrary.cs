using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Aws;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition;
using S3Object = Amazon.S3.Model.S3Object;

namespace EyeOfHorus.Edge.Operator.Faces;

/// <summary>
/// The authorised people as an operator sees them: photos in the faces bucket, what the FaceIndexer
/// made of each (its tags), and the faces actually in the Rekognition collection. In local mode there is
/// no collection (<paramref name="collectionId"/> null): the tags are the whole story (an indexed photo is the one face the hosts enrol).
/// </summary>
public sealed class FaceLibrary(IAmazonS3 s3, RekognitionClient? rekognition, string bucket, string? collectionId, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Bucket => bucket;

    public string? CollectionId => collectionId;

    /// <summary>Checks every photo before uploading any, so bad input loses nothing and half an upload never happens.</summary>
    public static IReadOnlyList<(string Path, string Key)> PlanUpload(string person, IReadOnlyList<string> paths)
    {
        FacePhotos.Validate(person);
        if (paths.Count == 0) throw new OperatorException(ExitCodes.Usage, "No photo given: horus faces add PHOTO... --person NAME");
        var plan = new List<(string, string)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var file = new FileInfo(path);
            if (!file.Exists) throw new OperatorException(ExitCodes.Usage, $"No such photo: {path}. Nothing was uploaded.");
            if (file.Length == 0) throw new OperatorException(ExitCodes.Usage, $"{path} is empty. Nothing was uploaded.");
            if (file.Length > BucketLayout.MaxPhotoBytes)
                throw new OperatorException(ExitCodes.Usage,
                    $"{path} is {file.Length / (1024.0 * 1024):0.0} MB; the indexer reads at most 15 MB: resize it. Nothing was uploaded.");
            if (!names.Add(file.Name))
                throw new OperatorException(ExitCodes.Usage, $"Two photos are named {file.Name}; the second would replace the first: rename one. Nothing was uploaded.");
            FacePhotos.Validate(person, file.Name);
            plan.Add((file.FullName, BucketLayout.PhotoKey(person, file.Name)));
        }
        return plan;
    }

    public async Task UploadAsync(string path, string key, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            FilePath = path,
            ContentType = ContentTypeOf(path),
            UseChunkEncoding = false,
        };
        await s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PhotoStatus> GetStatusAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var tagging = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            var tags = (tagging.Tagging ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            return PhotoStatus.FromTags(key, tags);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is "NoSuchKey" or null or "NotFound")
        {
            return new PhotoStatus(key, PhotoState.Missing);
        }
    }

    /// <summary>Polls the photos' tags until the indexer has tagged all of them or <paramref name="timeout"/> passes; pending ones stay Pending.</summary>
    public async Task<IReadOnlyList<PhotoStatus>> WaitForIndexerAsync(IReadOnlyList<string> keys, TimeSpan timeout, TimeSpan pollInterval,
        Action<TimeSpan, int>? onPoll, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var results = keys.ToDictionary(k => k, k => new PhotoStatus(k, PhotoState.Pending), StringComparer.Ordinal);
        while (true)
        {
            foreach (var key in results.Keys.ToList())
            {
                if (results[key].State == PhotoState.Pending)
                    results[key] = await GetStatusAsync(key, cancellationToken).ConfigureAwait(false);
            }
            var pending = results.Values.Count(r => r.State == PhotoState.Pending);
            var elapsed = _time.GetElapsedTime(started);
            onPoll?.Invoke(elapsed, pending);
            if (pending == 0 || elapsed >= timeout) break;
            await Task.Delay(pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
        return [.. keys.Select(k => results[k])];
    }

    /// <summary>Every photo under faces/ with its status, and the collection's faces grouped by the (person, photo) they came from.</summary>
    public async Task<FaceInventory> ListAsync(CancellationToken cancellationToken)
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = BucketLayout.FacesPrefix };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            objects.AddRange(page.S3Objects ?? []);
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);

        var faces = collectionId is null ? [] : await rekognition!.ListAllFacesAsync(collectionId, cancellationToken).ConfigureAwait(false);
        var facesByPhoto = new Dictionary<FaceIdentity, int>();
        var foreign = 0;
        foreach (var face in faces)
        {
            if (FaceNaming.Decode(face.ExternalImageId) is { } identity)
                facesByPhoto[identity] = facesByPhoto.GetValueOrDefault(identity) + 1;
            else
                foreign++;
        }

        var photos = new List<PhotoEntry>();
        using var gate = new SemaphoreSlim(8);
        var statuses = await Task.WhenAll(objects
            .Select(o => (Object: o, Identity: FacePhotos.Parse(o.Key)))
            .Where(x => x.Identity is not null)
            .Select(async x =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var status = await GetStatusAsync(x.Object.Key, cancellationToken).ConfigureAwait(false);
                    return new PhotoEntry(x.Identity!.Person, x.Identity.Photo, x.Object.Key, x.Object.Size ?? 0, x.Object.LastModified,
                        status.State, status.Reason, status.Faces, facesByPhoto.GetValueOrDefault(x.Identity));
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
        photos.AddRange(statuses.Where(p => p.State != PhotoState.Missing).OrderBy(p => p.Person, StringComparer.Ordinal).ThenBy(p => p.Photo, StringComparer.Ordinal));

        var withPhoto = photos.Select(p => new FaceIdentity(p.Person, p.Photo)).ToHashSet();
        var orphans = facesByPhoto.Where(kv => !withPhoto.Contains(kv.Key))
            .Select(kv => new OrphanFaces(kv.Key.Person, kv.Key.Photo, kv.Value))
            .OrderBy(o => o.Person, StringComparer.Ordinal).ThenBy(o => o.Photo, StringComparer.Ordinal).ToList();
        return new FaceInventory(bucket, collectionId, photos, orphans, faces.Count, foreign);
    }

    /// <summary>The keys of a person's photos (or the one photo); empty when there are none.</summary>
    public async Task<IReadOnlyList<string>> FindPhotosAsync(string person, string? photo, CancellationToken cancellationToken)
    {
        if (photo is not null)
        {
            var key = BucketLayout.PhotoKey(person, photo);
            return (await GetStatusAsync(key, cancellationToken).ConfigureAwait(false)).State == PhotoState.Missing ? [] : [key];
        }
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = BucketLayout.PersonPrefix(person) };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key).Where(k => FacePhotos.Parse(k) is not null));
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);
        return keys;
    }

    public Task DeletePhotoAsync(string key, CancellationToken cancellationToken) =>
        s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken);

    /// <summary>How many faces of these photos are still in the collection.</summary>
    public async Task<int> CountFacesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (collectionId is null) return 0; // local mode: the camera hosts drop a removed photo at their next sync
        var identities = keys.Select(FacePhotos.Parse).OfType<FaceIdentity>().ToHashSet();
        var faces = await rekognition!.ListAllFacesAsync(collectionId, cancellationToken).ConfigureAwait(false);
        return faces.Count(f => FaceNaming.Decode(f.ExternalImageId) is { } id && identities.Contains(id));
    }

    /// <summary>Polls the collection until the photos' faces are gone (the indexer removes them) or the timeout passes; returns how many remain.</summary>
    public async Task<int> WaitForFacesRemovedAsync(IReadOnlyCollection<string> keys, TimeSpan timeout, TimeSpan pollInterval,
        Action<TimeSpan, int>? onPoll, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            var remaining = await CountFacesAsync(keys, cancellationToken).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started);
            onPoll?.Invoke(elapsed, remaining);
            if (remaining == 0 || elapsed >= timeout) return remaining;
            await Task.Delay(pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".JPG" or ".JPEG" => "image/jpeg",
        ".PNG" => "image/png",
        _ => "application/octet-stream",
    };
}

/// <param name="TaggedFaces">What the indexer's status tag says (1 indexed, 0 rejected).</param>
/// <param name="CollectionFaces">Faces of this photo actually in the collection.</param>
public sealed record PhotoEntry(string Person, string Photo, string Key, long Size, DateTime? LastModified,
    PhotoState State, string? Reason, int? TaggedFaces, int CollectionFaces);

/// <summary>Faces in the collection whose photo is no longer in the bucket (the indexer has not removed them yet).</summary>
public sealed record OrphanFaces(string Person, string Photo, int Faces);

/// <param name="ForeignFaces">Faces whose ExternalImageId was not written by horus (indexed by hand).</param>
public sealed record FaceInventory(string Bucket, string? CollectionId, IReadOnlyList<PhotoEntry> Photos, IReadOnlyList<OrphanFaces> Orphans,
    int CollectionFaces, int ForeignFaces);
