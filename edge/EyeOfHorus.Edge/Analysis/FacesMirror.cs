using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>One mirrored photo: the object it was downloaded from.</summary>
public sealed record MirroredPhoto(string ETag, long Size);

/// <summary>What the mirror holds and when it last matched the bucket (<c>&lt;folder&gt;/../faces-mirror.json</c>).</summary>
public sealed record MirrorManifest(string Bucket, DateTimeOffset? SyncedAt, Dictionary<string, MirroredPhoto> Photos);

[JsonSerializable(typeof(MirrorManifest))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class MirrorJsonContext : JsonSerializerContext;

/// <summary>The result of one sync: what changed, or that the bucket could not be read.</summary>
public sealed record MirrorSync(bool Online, int Downloaded, int Removed, int Photos, string? Problem)
{
    public bool Changed => Downloaded > 0 || Removed > 0;
}

/// <summary>
/// Local mode's copy of the faces bucket's <c>faces/&lt;person&gt;/&lt;photo&gt;</c> photos on the camera
/// host, in a folder with the same layout (which <c>horus run</c>'s faces folder reads and judges). Each sync
/// lists the prefix and downloads only the objects whose ETag the manifest does not already hold (with
/// If-Match, so the bytes are the listed version), and deletes the files of objects that are gone. The
/// manifest is written after every sync that reached the bucket (its SyncedAt is what `horus doctor` ages), so a restart downloads nothing twice and,
/// when the bucket cannot be read, the host starts from the last sync and says so.
/// </summary>
public sealed class FacesMirror
{
    private const string ManifestFile = "faces-mirror.json";
    private const string PartialFolder = ".partial";

    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _manifestPath;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _skipped = new(StringComparer.Ordinal);
    private MirrorManifest _manifest;
    private bool? _online;

    /// <param name="stateDirectory">Holds the mirror folder (<c>faces/</c>) and its manifest.</param>
    public FacesMirror(IAmazonS3 s3, string bucket, string stateDirectory, TextWriter? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        _s3 = s3;
        _bucket = bucket;
        _log = log ?? TextWriter.Null;
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(stateDirectory);
        Folder = Path.GetFullPath(Path.Combine(stateDirectory, "faces"));
        Directory.CreateDirectory(Folder);
        _manifestPath = Path.Combine(stateDirectory, ManifestFile);
        _manifest = LoadManifest();
    }

    /// <summary>The mirrored photos, laid out as <c>&lt;person&gt;/&lt;photo&gt;</c>.</summary>
    public string Folder { get; }

    /// <summary>When the folder last matched the bucket; null before the first successful sync.</summary>
    public DateTimeOffset? SyncedAt => _manifest.SyncedAt;

    public int Photos => _manifest.Photos.Count;

    /// <summary>Objects downloaded by this instance, in total (a test of "nothing twice").</summary>
    public long Downloads { get; private set; }

    /// <summary>Brings the folder in line with the bucket. Never throws for an unreadable bucket: the folder stays as it was.</summary>
    public async Task<MirrorSync> SyncAsync(CancellationToken ct)
    {
        Dictionary<string, S3Object> listed;
        try
        {
            listed = await ListAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnreachable(ex, ct))
        {
            return Offline(Describe(ex));
        }

        int downloaded = 0, removed = 0;
        var photos = new Dictionary<string, MirroredPhoto>(_manifest.Photos, StringComparer.Ordinal);
        foreach (var gone in photos.Keys.Where(k => !listed.ContainsKey(k)).ToList())
        {
            DeleteQuietly(PathOf(gone));
            photos.Remove(gone);
            removed++;
        }
        try
        {
            foreach (var (key, item) in listed)
            {
                var etag = item.ETag ?? "";
                if (photos.TryGetValue(key, out var known) && known.ETag == etag && File.Exists(PathOf(key))) continue;
                if (item.Size > BucketLayout.MaxPhotoBytes)
                {
                    if (_skipped.Add(key + etag))
                        _log.WriteLine($"faces: {key} not downloaded: {item.Size} bytes, over the {BucketLayout.MaxPhotoBytes / (1024 * 1024)} MB limit ({PhotoRejection.TooLarge.Code})");
                    if (photos.Remove(key)) { DeleteQuietly(PathOf(key)); removed++; }
                    continue;
                }
                if (await DownloadAsync(key, etag, ct).ConfigureAwait(false))
                {
                    photos[key] = new MirroredPhoto(etag, item.Size ?? 0);
                    downloaded++;
                }
            }
        }
        catch (Exception ex) when (IsUnreachable(ex, ct))
        {
            Save(_manifest with { Photos = photos }); // what did arrive is not downloaded again
            return Offline(Describe(ex));
        }

        Save(new MirrorManifest(_bucket, _time.GetUtcNow(), photos));
        if (_online == false) _log.WriteLine($"faces: s3://{_bucket}/{BucketLayout.FacesPrefix} readable again");
        _online = true;
        return new MirrorSync(true, downloaded, removed, photos.Count, null);
    }

    private MirrorSync Offline(string problem)
    {
        if (_online != false)
        {
            var since = _manifest.SyncedAt is { } at
                ? $"using the {_manifest.Photos.Count} photo(s) of the last sync at {at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"
                : "no earlier sync: no one is authorised until the bucket can be read";
            _log.WriteLine($"faces: offline, s3://{_bucket}/{BucketLayout.FacesPrefix} cannot be read ({problem}); {since}");
        }
        _online = false;
        return new MirrorSync(false, 0, 0, _manifest.Photos.Count, problem);
    }

    private async Task<Dictionary<string, S3Object>> ListAsync(CancellationToken ct)
    {
        var listed = new Dictionary<string, S3Object>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = BucketLayout.FacesPrefix };
        ListObjectsV2Response page;
        do
        {
            page = await _s3.ListObjectsV2Async(request, ct).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                if (MirrorPath(item.Key) is null)
                {
                    if (_skipped.Add(item.Key)) _log.WriteLine($"faces: {item.Key} skipped: not faces/<person>/<photo>");
                    continue;
                }
                listed[item.Key] = item;
            }
            request.ContinuationToken = page.NextContinuationToken;
        } while (page.IsTruncated == true);
        return listed;
    }

    /// <summary>False when the object changed or went between the listing and the read: the next sync sees its new state.</summary>
    private async Task<bool> DownloadAsync(string key, string etag, CancellationToken ct)
    {
        var target = PathOf(key);
        var partial = Path.Combine(Folder, PartialFolder);
        Directory.CreateDirectory(partial);
        var temp = Path.Combine(partial, Guid.NewGuid().ToString("N"));
        try
        {
            using (var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key, EtagToMatch = etag }, ct).ConfigureAwait(false))
            await using (var file = File.Create(temp))
                await response.ResponseStream.CopyToAsync(file, ct).ConfigureAwait(false);
            Downloads++;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: true);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    /// <summary>The file for a key, or null for a key that is no photo or whose name could leave the folder.</summary>
    public static string? MirrorPath(string key)
    {
        var parsed = FaceKey.FromKey(key);
        if (parsed.Kind != FaceKeyKind.Photo) return null;
        var relative = key[BucketLayout.FacesPrefix.Length..];
        var parts = relative.Split('/');
        if (parts.Any(p => p.Length == 0 || p.StartsWith('.') || p.Contains('\\', StringComparison.Ordinal) || p.Contains('\0', StringComparison.Ordinal)))
            return null;
        return Path.Combine(parts);
    }

    private string PathOf(string key) => Path.Combine(Folder, MirrorPath(key)!);

    /// <summary>The manifest of the mirror in a state folder; null when there is none yet. A damaged one throws <see cref="JsonException"/>.</summary>
    public static MirrorManifest? ReadManifest(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, ManifestFile);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), MirrorJsonContext.Default.MirrorManifest) : null;
    }

    private MirrorManifest LoadManifest()
    {
        var empty = new MirrorManifest(_bucket, null, new Dictionary<string, MirroredPhoto>(StringComparer.Ordinal));
        try
        {
            var manifest = ReadManifest(Path.GetDirectoryName(_manifestPath)!);
            if (manifest is null || manifest.Bucket != _bucket) return empty; // another deployment's photos are not ours
            return manifest with { Photos = new Dictionary<string, MirroredPhoto>(manifest.Photos.Where(p => MirrorPath(p.Key) is not null), StringComparer.Ordinal) };
        }
        catch (JsonException ex)
        {
            _log.WriteLine($"faces: {_manifestPath} is damaged ({ex.Message}); the photos are downloaded again");
            return empty;
        }
    }

    private void Save(MirrorManifest manifest)
    {
        _manifest = manifest;
        var temp = _manifestPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(manifest, MirrorJsonContext.Default.MirrorManifest));
        File.Move(temp, _manifestPath, overwrite: true);
    }

    private static bool IsUnreachable(Exception ex, CancellationToken ct) =>
        !ct.IsCancellationRequested && ex is AmazonServiceException or HttpRequestException or IOException or TaskCanceledException or TimeoutException;

    private static string Describe(Exception ex) => ex is AmazonServiceException { ErrorCode: { Length: > 0 } code } s3 ? $"{code}: {s3.Message}" : ex.Message;

    private static void DeleteQuietly(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
