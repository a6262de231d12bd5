using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace EyeOfHorus.Testing.S3;

/// <summary>
/// Amazon S3 on 127.0.0.1 for what s3rver lacks: versioned buckets. Speaks the REST-XML shapes
/// AWSSDK.S3 uses (path-style <c>/bucket/key</c>, SigV4 scoped to "s3", errors as
/// <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;</c>) for PutObject (with <c>x-amz-tagging</c>),
/// GetObject, HeadObject, DeleteObject, GetObjectTagging and PutObjectTagging, each with
/// <c>versionId</c>. As S3 documents:
/// <list type="bullet">
/// <item>a DELETE without versionId on a versioned bucket adds a delete marker (which then is the current version);
/// a DELETE with versionId removes that version for good and the newest remaining one becomes current;</item>
/// <item>reading a key whose current version is a delete marker is 404 with <c>x-amz-delete-marker: true</c>;
/// naming a delete marker's version is 405;</item>
/// <item>reading a key or version that does not exist is 404 (NoSuchKey/NoSuchVersion) for callers
/// allowed s3:ListBucket and 403 AccessDenied for the others (<see cref="DenyListBucket"/>);</item>
/// <item>at most 10 tags per object version (keys ≤ 128, values ≤ 256 characters, keys unique, no <c>aws:</c> prefix);</item>
/// <item>every change records the event notification S3 would send (<see cref="Events"/>): ObjectCreated:Put,
/// ObjectRemoved:Delete, ObjectRemoved:DeleteMarkerCreated, each with the version id and a sequencer that
/// grows with every change of the key.</item>
/// </list>
/// Other operations answer 501 NotImplemented, so a gap shows. Signatures are not verified (the
/// secret is the client's); the scope and the access key id are read.
/// </summary>
public sealed partial class S3StandIn : IAsyncDisposable
{
    public const int MaxTagsPerObject = 10;
    private const string Region = "us-east-1";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withoutListBucket = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _events = [];
    private readonly List<S3Request> _requests = [];
    private long _sequencer;

    private S3StandIn()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static async Task<S3StandIn> StartAsync()
    {
        var standIn = new S3StandIn();
        await standIn._app.StartAsync().ConfigureAwait(false);
        standIn.Endpoint = new Uri(standIn._app.Urls.First());
        return standIn;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request that reached the stand-in, in order (for what the objects cannot show: headers, repeated writes).</summary>
    public IReadOnlyList<S3Request> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    /// <summary>Runs once before the next request that matches is handled (to stage races between two calls).</summary>
    public void BeforeNext(Func<S3Request, bool> matches, Func<Task> action)
    {
        lock (_lock) _before.Add((matches, action));
    }

    private readonly List<(Func<S3Request, bool> Matches, Func<Task> Action)> _before = [];

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Creates a bucket (versioning enabled unless <paramref name="versioned"/> is false).</summary>
    public void CreateBucket(string name, bool versioned = true)
    {
        lock (_lock)
            if (!_buckets.TryAdd(name, new Bucket(versioned)))
                throw new InvalidOperationException($"Bucket {name} exists already.");
    }

    /// <summary>Requests signed with this access key id answer as for a principal without s3:ListBucket.</summary>
    public void DenyListBucket(string accessKeyId)
    {
        lock (_lock) _withoutListBucket.Add(accessKeyId);
    }

    /// <summary>The event notification records S3 would have sent, in the order the changes happened.</summary>
    public IReadOnlyList<JsonObject> Events(string bucket)
    {
        lock (_lock) return [.. _events.Where(e => e["s3"]!["bucket"]!["name"]!.GetValue<string>() == bucket).Select(e => (JsonObject)e.DeepClone())];
    }

    /// <summary>The current version's bytes, or null if the key holds none (no version, or a delete marker).</summary>
    public byte[]? Current(string bucket, string key)
    {
        lock (_lock) return BucketOf(bucket).Current(key) is { IsDeleteMarker: false } v ? v.Content : null;
    }

    /// <summary>The current version's id (null if there is none or it is a delete marker).</summary>
    public string? CurrentVersionId(string bucket, string key)
    {
        lock (_lock) return BucketOf(bucket).Current(key) is { IsDeleteMarker: false } v ? v.VersionId : null;
    }

    /// <summary>The keys of a bucket that hold an object now (their current version is not a delete marker).</summary>
    public IReadOnlyList<string> Keys(string bucket)
    {
        lock (_lock) return [.. BucketOf(bucket).Objects.Where(o => o.Value.Count > 0 && !o.Value[^1].IsDeleteMarker).Select(o => o.Key).Order(StringComparer.Ordinal)];
    }

    /// <summary>A version's bytes (the current one when <paramref name="versionId"/> is null); null if missing or a delete marker.</summary>
    public byte[]? Read(string bucket, string key, string? versionId)
    {
        lock (_lock)
        {
            if (!_buckets.TryGetValue(bucket, out var b)) return null;
            var version = versionId is null ? b.Current(key) : b.Find(key, versionId);
            return version is { IsDeleteMarker: false } ? version.Content : null;
        }
    }

    /// <summary>The tags of the current version (empty if there is none).</summary>
    public IReadOnlyDictionary<string, string> Tags(string bucket, string key)
    {
        lock (_lock) return BucketOf(bucket).Current(key) is { IsDeleteMarker: false } v ? v.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal) : new Dictionary<string, string>();
    }

    private Bucket BucketOf(string bucket) =>
        _buckets.TryGetValue(bucket, out var b) ? b : throw new InvalidOperationException($"No bucket {bucket}.");

    // ---- HTTP

    private async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        http.Response.Headers["x-amz-request-id"] = requestId;
        http.Response.Headers["x-amz-id-2"] = requestId;
        try
        {
            var accessKey = CheckSignature(http);
            var (bucket, key) = Route(http);
            var query = http.Request.Query;
            var versionId = query.TryGetValue("versionId", out var v) ? v.ToString() : null;
            var method = http.Request.Method;
            if (bucket.Length == 0) throw new S3Error(501, "NotImplemented", "ListBuckets is not implemented by the stand-in.");
            if (key is null)
            {
                if (HttpMethods.IsPut(method) && query.Count == 0)
                {
                    lock (_lock) _buckets.TryAdd(bucket, new Bucket(false));
                    http.Response.Headers.Location = "/" + bucket;
                    return;
                }
                throw new S3Error(501, "NotImplemented", $"{method} on a bucket ({string.Join("&", query.Keys)}) is not implemented by the stand-in.");
            }

            var request = new S3Request(method, bucket, key, versionId, [.. query.Keys.Where(k => k is not ("x-id" or "versionId")).Order(StringComparer.Ordinal)],
                http.Request.Headers.IfMatch.FirstOrDefault());
            Func<Task>? before = null;
            lock (_lock)
            {
                _requests.Add(request);
                var i = _before.FindIndex(b => b.Matches(request));
                if (i >= 0)
                {
                    before = _before[i].Action;
                    _before.RemoveAt(i);
                }
            }
            if (before is not null) await before().ConfigureAwait(false);

            var listBucket = !IsDenied(accessKey);
            if (query.ContainsKey("tagging"))
            {
                if (HttpMethods.IsGet(method)) await GetTaggingAsync(http, bucket, key, versionId, listBucket).ConfigureAwait(false);
                else if (HttpMethods.IsPut(method)) await PutTaggingAsync(http, bucket, key, versionId, listBucket).ConfigureAwait(false);
                else throw new S3Error(501, "NotImplemented", $"{method} ?tagging is not implemented by the stand-in.");
                return;
            }
            if (query.Keys.Any(k => k is not ("versionId" or "x-id")))
                throw new S3Error(501, "NotImplemented", $"{method} with ?{string.Join("&", query.Keys)} is not implemented by the stand-in.");

            if (HttpMethods.IsPut(method)) await PutObjectAsync(http, bucket, key).ConfigureAwait(false);
            else if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) await GetObjectAsync(http, bucket, key, versionId, listBucket, HttpMethods.IsHead(method)).ConfigureAwait(false);
            else if (HttpMethods.IsDelete(method)) DeleteObject(http, bucket, key, versionId);
            else throw new S3Error(501, "NotImplemented", $"{method} is not implemented by the stand-in.");
        }
        catch (S3Error e)
        {
            http.Response.StatusCode = e.Status;
            foreach (var (name, value) in e.Headers) http.Response.Headers[name] = value;
            if (HttpMethods.IsHead(http.Request.Method)) return;
            http.Response.ContentType = "application/xml";
            var error = new XElement("Error", new XElement("Code", e.Code), new XElement("Message", e.Message), new XElement("RequestId", requestId), new XElement("HostId", requestId));
            await http.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + error.ToString(SaveOptions.DisableFormatting), http.RequestAborted).ConfigureAwait(false);
        }
    }

    private bool IsDenied(string accessKey)
    {
        lock (_lock) return _withoutListBucket.Contains(accessKey);
    }

    private static string CheckSignature(HttpContext http)
    {
        var auth = http.Request.Headers.Authorization.ToString();
        var scope = CredentialScope().Match(auth);
        if (!auth.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal) || !scope.Success)
            throw new S3Error(403, "AccessDenied", "Access Denied (no SigV4 Authorization header).");
        if (scope.Groups["service"].Value != "s3")
            throw new S3Error(400, "AuthorizationHeaderMalformed", $"The authorization header is malformed; the service '{scope.Groups["service"].Value}' is wrong; expecting 's3'");
        return scope.Groups["key"].Value;
    }

    /// <summary>Path-style: the first segment is the bucket, the rest (percent-decoded, '/' kept) the key.</summary>
    private static (string Bucket, string? Key) Route(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var path = raw.Split('?', 2)[0].TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return (Uri.UnescapeDataString(path), null);
        var key = Uri.UnescapeDataString(path[(slash + 1)..]);
        return (Uri.UnescapeDataString(path[..slash]), key.Length == 0 ? null : key);
    }

    private Bucket ExistingBucket(string bucket)
    {
        lock (_lock)
            return _buckets.TryGetValue(bucket, out var b) ? b : throw new S3Error(404, "NoSuchBucket", "The specified bucket does not exist");
    }

    private async Task PutObjectAsync(HttpContext http, string bucketName, string key)
    {
        if (http.Request.Headers.ContainsKey("x-amz-copy-source")) throw new S3Error(501, "NotImplemented", "CopyObject is not implemented by the stand-in.");
        if (http.Request.Headers.ContentEncoding.ToString().Contains("aws-chunked", StringComparison.Ordinal))
            throw new S3Error(501, "NotImplemented", "aws-chunked uploads are not implemented by the stand-in (UseChunkEncoding = false).");
        var bucket = ExistingBucket(bucketName);
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
        var tags = http.Request.Headers.TryGetValue("x-amz-tagging", out var tagging)
            ? ParseTagQuery(tagging.ToString()) : [];
        CheckTags(tags);
        var content = body.ToArray();
        var eTag = "\"" + Convert.ToHexStringLower(MD5.HashData(content)) + "\"";
        ObjectVersion version;
        lock (_lock)
        {
            version = new ObjectVersion(bucket.NewVersionId(), false, content, eTag, http.Request.ContentType ?? "binary/octet-stream", DateTimeOffset.UtcNow, tags);
            bucket.Add(key, version);
            Record(bucketName, key, "ObjectCreated:Put", bucket.Versioned ? version.VersionId : null, content.Length, eTag.Trim('"'));
        }
        http.Response.Headers.ETag = eTag;
        if (bucket.Versioned) http.Response.Headers["x-amz-version-id"] = version.VersionId;
    }

    private ObjectVersion Lookup(string bucketName, string key, string? versionId, bool listBucket)
    {
        var bucket = ExistingBucket(bucketName);
        lock (_lock)
        {
            if (versionId is null)
            {
                var current = bucket.Current(key);
                if (current is null) throw Missing(listBucket, "NoSuchKey", "The specified key does not exist.");
                if (current.IsDeleteMarker)
                    throw new S3Error(404, "NoSuchKey", "The specified key does not exist.", ("x-amz-delete-marker", "true"), ("x-amz-version-id", current.VersionId));
                return current;
            }
            var version = bucket.Find(key, versionId) ?? throw Missing(listBucket, "NoSuchVersion", "The specified version does not exist.");
            if (version.IsDeleteMarker)
                throw new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", ("x-amz-delete-marker", "true"), ("x-amz-version-id", version.VersionId), ("Allow", "DELETE"));
            return version;
        }
    }

    private static S3Error Missing(bool listBucket, string code, string message) =>
        listBucket ? new S3Error(404, code, message) : new S3Error(403, "AccessDenied", "Access Denied");

    private async Task GetObjectAsync(HttpContext http, string bucket, string key, string? versionId, bool listBucket, bool head)
    {
        var version = Lookup(bucket, key, versionId, listBucket);
        if (http.Request.Headers.IfMatch.FirstOrDefault() is { } ifMatch && ifMatch != version.ETag)
            throw new S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        var headers = http.Response.Headers;
        headers.ETag = version.ETag;
        headers.LastModified = version.LastModified.ToString("R", CultureInfo.InvariantCulture);
        headers.AcceptRanges = "bytes";
        headers.ContentType = version.ContentType;
        headers.ContentLength = version.Content.Length;
        if (ExistingBucket(bucket).Versioned) headers["x-amz-version-id"] = version.VersionId;
        if (version.Tags.Count > 0) headers["x-amz-tagging-count"] = version.Tags.Count.ToString(CultureInfo.InvariantCulture);
        if (!head) await http.Response.Body.WriteAsync(version.Content, http.RequestAborted).ConfigureAwait(false);
    }

    private void DeleteObject(HttpContext http, string bucketName, string key, string? versionId)
    {
        var bucket = ExistingBucket(bucketName);
        http.Response.StatusCode = 204;
        lock (_lock)
        {
            if (versionId is not null)
            {
                var removed = bucket.Remove(key, versionId);
                http.Response.Headers["x-amz-version-id"] = versionId;
                if (removed is null) return;
                if (removed.IsDeleteMarker) http.Response.Headers["x-amz-delete-marker"] = "true";
                Record(bucketName, key, "ObjectRemoved:Delete", versionId, null, null);
            }
            else if (bucket.Versioned)
            {
                var marker = new ObjectVersion(bucket.NewVersionId(), true, [], "", "", DateTimeOffset.UtcNow, []);
                bucket.Add(key, marker);
                http.Response.Headers["x-amz-delete-marker"] = "true";
                http.Response.Headers["x-amz-version-id"] = marker.VersionId;
                Record(bucketName, key, "ObjectRemoved:DeleteMarkerCreated", marker.VersionId, null, null);
            }
            else if (bucket.Current(key) is { } current)
            {
                bucket.Remove(key, current.VersionId);
                Record(bucketName, key, "ObjectRemoved:Delete", null, null, null);
            }
        }
    }

    private async Task GetTaggingAsync(HttpContext http, string bucket, string key, string? versionId, bool listBucket)
    {
        var version = Lookup(bucket, key, versionId, listBucket);
        List<KeyValuePair<string, string>> tags;
        lock (_lock) tags = [.. version.Tags];
        if (ExistingBucket(bucket).Versioned) http.Response.Headers["x-amz-version-id"] = version.VersionId;
        XNamespace ns = "http://s3.amazonaws.com/doc/2006-03-01/";
        var xml = new XElement(ns + "Tagging", new XElement(ns + "TagSet",
            tags.Select(t => new XElement(ns + "Tag", new XElement(ns + "Key", t.Key), new XElement(ns + "Value", t.Value)))));
        http.Response.ContentType = "application/xml";
        await http.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml.ToString(SaveOptions.DisableFormatting), http.RequestAborted).ConfigureAwait(false);
    }

    private async Task PutTaggingAsync(HttpContext http, string bucket, string key, string? versionId, bool listBucket)
    {
        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        List<KeyValuePair<string, string>> tags;
        try
        {
            tags = [.. XDocument.Parse(body).Descendants().Where(e => e.Name.LocalName == "Tag").Select(t => new KeyValuePair<string, string>(
                t.Elements().FirstOrDefault(e => e.Name.LocalName == "Key")?.Value ?? "",
                t.Elements().FirstOrDefault(e => e.Name.LocalName == "Value")?.Value ?? ""))];
        }
        catch (System.Xml.XmlException)
        {
            throw new S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }
        CheckTags(tags);
        var version = Lookup(bucket, key, versionId, listBucket);
        lock (_lock) version.Tags = tags;
        if (ExistingBucket(bucket).Versioned) http.Response.Headers["x-amz-version-id"] = version.VersionId;
    }

    private static List<KeyValuePair<string, string>> ParseTagQuery(string query) =>
        [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).Select(kv =>
            new KeyValuePair<string, string>(WebUtility.UrlDecode(kv[0]), kv.Length > 1 ? WebUtility.UrlDecode(kv[1]) : ""))];

    private static void CheckTags(List<KeyValuePair<string, string>> tags)
    {
        if (tags.Count > MaxTagsPerObject) throw new S3Error(400, "BadRequest", "Object tags cannot be greater than 10");
        if (tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() != tags.Count)
            throw new S3Error(400, "InvalidTag", "Cannot provide multiple Tags with the same key");
        foreach (var (k, v) in tags)
        {
            if (k.Length is 0 or > 128) throw new S3Error(400, "InvalidTag", "The TagKey you have provided is invalid");
            if (v.Length > 256) throw new S3Error(400, "InvalidTag", "The TagValue you have provided is invalid");
            if (k.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) throw new S3Error(400, "InvalidTag", "Your TagKey cannot be prefixed with aws:");
        }
    }

    /// <summary>Records the notification S3 sends for a change (caller holds the lock).</summary>
    private void Record(string bucket, string key, string eventName, string? versionId, long? size, string? eTag)
    {
        var @object = new JsonObject
        {
            // S3 writes keys form-URL-encoded ('+' for a space), '/' kept.
            ["key"] = WebUtility.UrlEncode(key).Replace("%2F", "/", StringComparison.Ordinal),
            ["sequencer"] = (++_sequencer).ToString("X16", CultureInfo.InvariantCulture),
        };
        if (size is not null) @object["size"] = size;
        if (eTag is not null) @object["eTag"] = eTag;
        if (versionId is not null) @object["versionId"] = versionId;
        _events.Add(new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = Region,
            ["eventTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["eventName"] = eventName,
            ["userIdentity"] = new JsonObject { ["principalId"] = "AWS:AIDAEXAMPLE" },
            ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = "127.0.0.1" },
            ["responseElements"] = new JsonObject { ["x-amz-request-id"] = "C3D13FE58DE4C810", ["x-amz-id-2"] = "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD" },
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = "faces",
                ["bucket"] = new JsonObject
                {
                    ["name"] = bucket,
                    ["ownerIdentity"] = new JsonObject { ["principalId"] = "A3NL1KOZZKExample" },
                    ["arn"] = "arn:aws:s3:::" + bucket,
                },
                ["object"] = @object,
            },
        });
    }

    [GeneratedRegex(@"Credential=(?<key>[^/]+)/\d{8}/[^/]+/(?<service>[^/]+)/aws4_request")]
    private static partial Regex CredentialScope();

    private sealed class ObjectVersion(string versionId, bool isDeleteMarker, byte[] content, string eTag, string contentType,
        DateTimeOffset lastModified, List<KeyValuePair<string, string>> tags)
    {
        public string VersionId { get; } = versionId;
        public bool IsDeleteMarker { get; } = isDeleteMarker;
        public byte[] Content { get; } = content;
        public string ETag { get; } = eTag;
        public string ContentType { get; } = contentType;
        public DateTimeOffset LastModified { get; } = lastModified;
        public List<KeyValuePair<string, string>> Tags { get; set; } = tags;
    }

    /// <summary>Each key's versions, oldest first; the last is the current one. Guarded by the stand-in's lock.</summary>
    private sealed class Bucket(bool versioned)
    {
        public bool Versioned { get; } = versioned;
        public Dictionary<string, List<ObjectVersion>> Objects { get; } = new(StringComparer.Ordinal);

        /// <summary>Opaque ids like S3's: 32 characters of letters, digits, '.' and '_'.</summary>
        public string NewVersionId()
        {
            if (!Versioned) return "null";
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
            return string.Create(32, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            });
        }

        public void Add(string key, ObjectVersion version)
        {
            if (!Objects.TryGetValue(key, out var versions)) Objects[key] = versions = [];
            if (!Versioned) versions.Clear();
            versions.Add(version);
        }

        public ObjectVersion? Current(string key) => Objects.TryGetValue(key, out var v) && v.Count > 0 ? v[^1] : null;

        public ObjectVersion? Find(string key, string versionId) =>
            Objects.TryGetValue(key, out var v) ? v.Find(x => x.VersionId == versionId) : null;

        public ObjectVersion? Remove(string key, string versionId)
        {
            if (!Objects.TryGetValue(key, out var versions)) return null;
            var index = versions.FindIndex(x => x.VersionId == versionId);
            if (index < 0) return null;
            var removed = versions[index];
            versions.RemoveAt(index);
            return removed;
        }
    }

    private sealed class S3Error(int status, string code, string message, params (string Name, string Value)[] headers) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
        public (string Name, string Value)[] Headers { get; } = headers;
    }
}

/// <summary>One request as the S3 stand-in saw it: the operation's method and target, its sub-resources (e.g. <c>tagging</c>) and If-Match.</summary>
public sealed record S3Request(string Method, string Bucket, string? Key, string? VersionId, IReadOnlyList<string> SubResources, string? IfMatch)
{
    public bool IsPutTagging => Method == "PUT" && SubResources.Contains("tagging");
    public bool IsGetObject => Method == "GET" && SubResources.Count == 0;
}
