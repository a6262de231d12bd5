using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EyeOfHorus.Testing.Rekognition;

/// <summary>
/// Amazon Rekognition on 127.0.0.1, speaking its real wire protocol (JSON 1.1: POST /,
/// <c>X-Amz-Target: RekognitionService.&lt;Operation&gt;</c>, <c>application/x-amz-json-1.1</c>, errors as
/// <c>{"__type", "Code", "Logref", "Message"}</c> with the status AWS uses). Collections live in memory.
/// Only <see cref="IFaceEngine"/> (which faces an image holds) is fake; by default a
/// <see cref="ScriptedFaceEngine"/> the test fills.
/// <code>
/// await using var rekognition = await RekognitionStandIn.StartAsync(fetchS3Object: (loc, ct) => ...);
/// rekognition.Engine.Register(File.ReadAllBytes("obama.jpg"), EngineFace.Portrait("obama"));
/// rekognition.CreateCollection("faces");
/// var options = new AwsClientOptions { Endpoint = rekognition.Endpoint, ... };   // or AWS_ENDPOINT_URL_REKOGNITION
/// rekognition.FailNext("IndexFaces", RekognitionFault.Throttling, times: 2);
/// Assert.Equal(3, rekognition.CallCount("IndexFaces"));
/// rekognition.StreamingAccessDenied = true;   // stream processor calls answer AccessDeniedException
/// </code>
/// Requests must carry a SigV4 Authorization header scoped to "rekognition" (the signature itself is
/// not checked: the secret is the client's). Operations: CreateCollection, IndexFaces, ListFaces,
/// DeleteFaces, SearchFacesByImage, DetectFaces, CreateStreamProcessor, DescribeStreamProcessor,
/// StartStreamProcessor, StopStreamProcessor, DeleteStreamProcessor (the documented state machine: see
/// <see cref="StreamProcessorTransitionTime"/> and <see cref="DeletedNameReuseDelay"/>). Approximations (documented here, not hidden): QualityFilter thresholds
/// (<see cref="QualityThreshold"/>), ListFaces' default page size (1000) and its order (by FaceId).
/// </summary>
public sealed partial class RekognitionStandIn : IAsyncDisposable
{
    public const string FaceModelVersion = "7.0";
    public const int MaxS3ImageBytes = 15 * 1024 * 1024;
    public const int MaxInlineImageBytes = 5 * 1024 * 1024;
    private const int DefaultListFacesPageSize = 1000;

    private readonly WebApplication _app;
    private readonly Func<S3ObjectLocation, CancellationToken, Task<byte[]?>>? _fetchS3Object;
    private readonly ConcurrentDictionary<string, Collection> _collections = new();
    private readonly ConcurrentDictionary<string, StreamProcessorState> _processors = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<RekognitionFault>> _faults = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> _answers = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private RekognitionStandIn(IFaceEngine engine, Func<S3ObjectLocation, CancellationToken, Task<byte[]?>>? fetchS3Object)
    {
        FaceEngine = engine;
        _fetchS3Object = fetchS3Object;
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

    /// <summary>Starts the stand-in on a free loopback port.</summary>
    /// <param name="engine">Which faces images hold; default a new <see cref="ScriptedFaceEngine"/> (see <see cref="Engine"/>).</param>
    /// <param name="fetchS3Object">Reads <c>Image.S3Object</c> (e.g. from s3rver); null bytes = object not found.</param>
    public static async Task<RekognitionStandIn> StartAsync(IFaceEngine? engine = null, Func<S3ObjectLocation, CancellationToken, Task<byte[]?>>? fetchS3Object = null)
    {
        var standIn = new RekognitionStandIn(engine ?? new ScriptedFaceEngine(), fetchS3Object);
        await standIn._app.StartAsync().ConfigureAwait(false);
        standIn.Endpoint = new Uri(standIn._app.Urls.First());
        return standIn;
    }

    public Uri Endpoint { get; private set; } = null!;

    public IFaceEngine FaceEngine { get; }

    /// <summary>The default scripted engine (throws if the stand-in was started with another engine).</summary>
    public ScriptedFaceEngine Engine => FaceEngine as ScriptedFaceEngine ?? throw new InvalidOperationException("The stand-in runs another IFaceEngine.");

    /// <summary>The clock of the stream processor states (transition times, name reuse); a test can set a fake one.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>When true, the stream processor operations answer as for an account without streaming video access.</summary>
    public bool StreamingAccessDenied { get; set; }

    /// <summary>
    /// How long STARTING and STOPPING last. A transitional state is always seen by at least one
    /// DescribeStreamProcessor (AWS's Stop returns while the processor is still STOPPING); with the
    /// default zero the next Describe after that sees the final state.
    /// </summary>
    public TimeSpan StreamProcessorTransitionTime { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long a deleted processor's name stays unusable ("You might not be able to use the same name
    /// for a stream processor for a few seconds after calling DeleteStreamProcessor"): CreateStreamProcessor
    /// answers ResourceInUseException until then.
    /// </summary>
    public TimeSpan DeletedNameReuseDelay { get; set; } = TimeSpan.FromSeconds(3);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>How many requests for <paramref name="operation"/> arrived (including those answered with an injected fault).</summary>
    public int CallCount(string operation) => _calls.TryGetValue(operation, out var n) ? n : 0;

    /// <summary>The next <paramref name="times"/> requests for <paramref name="operation"/> get <paramref name="fault"/>.</summary>
    public void FailNext(string operation, RekognitionFault fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(operation, _ => new ConcurrentQueue<RekognitionFault>());
        for (var i = 0; i < times; i++) queue.Enqueue(fault);
    }

    /// <summary>The next request for <paramref name="operation"/> gets <paramref name="body"/> (HTTP 200) instead of being done.</summary>
    public void AnswerNext(string operation, JsonObject body) =>
        _answers.GetOrAdd(operation, _ => new ConcurrentQueue<JsonObject>()).Enqueue(body);

    public void CreateCollection(string collectionId)
    {
        if (!_collections.TryAdd(collectionId, new Collection()))
            throw new InvalidOperationException($"Collection {collectionId} exists already.");
    }

    /// <summary>The faces held in a collection, in the order they were indexed.</summary>
    public IReadOnlyList<StoredFace> Faces(string collectionId) =>
        _collections.TryGetValue(collectionId, out var c) ? c.Snapshot() : throw new InvalidOperationException($"No collection {collectionId}.");

    /// <summary>Adds a stream processor in state STOPPED, as the CloudFormation resource would.</summary>
    public StreamProcessorState AddStreamProcessor(string name, string collectionId, double faceMatchThreshold = 90,
        string kinesisVideoStreamArn = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-front-door/1",
        string kinesisDataStreamArn = "arn:aws:kinesis:us-east-1:123456789012:stream/eye-of-horus",
        string roleArn = "arn:aws:iam::123456789012:role/eye-of-horus-processor")
    {
        var now = Time.GetUtcNow();
        var state = new StreamProcessorState(name, "STOPPED", collectionId, faceMatchThreshold, kinesisVideoStreamArn, kinesisDataStreamArn, roleArn, now, now);
        _processors[name] = state;
        return state;
    }

    public StreamProcessorState StreamProcessor(string name) => Settle(_processors[name]);

    /// <summary>The processors that exist now (deleted ones are gone), by name.</summary>
    public IReadOnlyDictionary<string, StreamProcessorState> StreamProcessors => _processors.ToDictionary(p => p.Key, p => Settle(p.Value));

    /// <summary>Sets a processor's status directly (e.g. FAILED).</summary>
    public void SetStreamProcessorStatus(string name, string status) =>
        _processors[name] = _processors[name] with { Status = status, LastUpdatedAt = Time.GetUtcNow() };

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext http)
    {
        var target = http.Request.Headers["X-Amz-Target"].ToString();
        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        var operation = target.StartsWith("RekognitionService.", StringComparison.Ordinal) ? target["RekognitionService.".Length..] : target;
        _requests.Enqueue(new RecordedRequest(operation, http.Request.ContentType, http.Request.Headers.Authorization.ToString(),
            http.Request.Headers["X-Amz-Date"].ToString(), http.Request.Headers["X-Amz-Security-Token"].FirstOrDefault(), body));
        _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);

        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (_faults.TryGetValue(operation, out var queue) && queue.TryDequeue(out var fault))
        {
            if (fault.AbortConnection) { http.Abort(); return; }
            await WriteErrorAsync(http, new RekognitionErrorException(fault.ErrorCode, fault.Message, fault.StatusCode)).ConfigureAwait(false);
            return;
        }

        try
        {
            CheckProtocol(http, target);
            JsonObject request;
            try { request = JsonNode.Parse(body.Length == 0 ? "{}" : body) as JsonObject ?? throw new JsonException("not an object"); }
            catch (JsonException) { throw new RekognitionErrorException("SerializationException", "Start of structure or map found where not expected."); }
            JsonObject response = _answers.TryGetValue(operation, out var answers) && answers.TryDequeue(out var answer) ? answer : operation switch
            {
                "CreateCollection" => CreateCollection(request),
                "IndexFaces" => await IndexFacesAsync(request, http.RequestAborted).ConfigureAwait(false),
                "ListFaces" => ListFaces(request),
                "DeleteFaces" => DeleteFaces(request),
                "SearchFacesByImage" => await SearchFacesByImageAsync(request, http.RequestAborted).ConfigureAwait(false),
                "DetectFaces" => await DetectFacesAsync(request, http.RequestAborted).ConfigureAwait(false),
                "CreateStreamProcessor" => CreateStreamProcessor(request),
                "DeleteStreamProcessor" => DeleteStreamProcessor(request),
                "DescribeStreamProcessor" => DescribeStreamProcessor(request),
                "StartStreamProcessor" => StartStreamProcessor(request),
                "StopStreamProcessor" => StopStreamProcessor(request),
                _ => throw new RekognitionErrorException("UnknownOperationException", ""),
            };
            http.Response.StatusCode = 200;
            http.Response.ContentType = "application/x-amz-json-1.1";
            await http.Response.WriteAsync(response.ToJsonString(), http.RequestAborted).ConfigureAwait(false);
        }
        catch (RekognitionErrorException e)
        {
            await WriteErrorAsync(http, e).ConfigureAwait(false);
        }
    }

    private static void CheckProtocol(HttpContext http, string target)
    {
        var auth = http.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
            throw new RekognitionErrorException("MissingAuthenticationTokenException", "Missing Authentication Token");
        var scope = CredentialScope().Match(auth);
        if (!scope.Success || scope.Groups["service"].Value != "rekognition")
            throw new RekognitionErrorException("InvalidSignatureException", "Credential should be scoped to correct service: 'rekognition'. ");
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Path != "/" || !target.StartsWith("RekognitionService.", StringComparison.Ordinal)
            || http.Request.ContentType?.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal) != true)
            throw new RekognitionErrorException("UnknownOperationException", "");
    }

    private static async Task WriteErrorAsync(HttpContext http, RekognitionErrorException e)
    {
        http.Response.StatusCode = e.StatusCode;
        http.Response.ContentType = "application/x-amz-json-1.1";
        var error = new JsonObject
        {
            ["__type"] = e.ErrorCode,
            ["Code"] = e.ErrorCode,
            ["Logref"] = Guid.NewGuid().ToString(),
            ["Message"] = e.Message,
        };
        await http.Response.WriteAsync(error.ToJsonString(), http.RequestAborted).ConfigureAwait(false);
    }

    // ---- collections and faces

    private JsonObject CreateCollection(JsonObject request)
    {
        var id = CollectionIdOf(request);
        if (!_collections.TryAdd(id, new Collection()))
            throw new RekognitionErrorException("ResourceAlreadyExistsException", $"The collection id: {id} already exists");
        return new JsonObject
        {
            ["StatusCode"] = 200,
            ["CollectionArn"] = $"aws:rekognition:us-east-1:123456789012:collection/{id}",
            ["FaceModelVersion"] = FaceModelVersion,
        };
    }

    private async Task<JsonObject> IndexFacesAsync(JsonObject request, CancellationToken ct)
    {
        var collection = CollectionOf(request);
        var externalImageId = request["ExternalImageId"]?.GetValue<string>();
        if (externalImageId is not null && (externalImageId.Length is 0 or > 255 || !ExternalImageIdPattern().IsMatch(externalImageId)))
            throw RekognitionErrorException.Validation("externalImageId", externalImageId, @"Member must satisfy regular expression pattern: [a-zA-Z0-9_.\-:]+");
        var maxFaces = request["MaxFaces"]?.GetValue<int>() ?? 100;
        if (maxFaces < 1) throw RekognitionErrorException.Validation("maxFaces", maxFaces, "Member must have value greater than or equal to 1");
        var filter = QualityFilterOf(request, "AUTO");
        var faces = await DetectAsync(request, ct).ConfigureAwait(false);

        var imageId = Guid.NewGuid().ToString();
        var records = new JsonArray();
        var unindexed = new JsonArray();
        var indexed = 0;
        foreach (var face in faces.OrderByDescending(f => f.BoundingBox.Area))
        {
            var reasons = QualityReasons(face, filter);
            if (reasons.Count == 0 && indexed >= maxFaces) reasons.Add("EXCEEDS_MAX_FACES");
            if (reasons.Count > 0)
            {
                unindexed.Add(new JsonObject { ["Reasons"] = new JsonArray([.. reasons.Select(r => (JsonNode)r)]), ["FaceDetail"] = FaceDetail(face) });
                continue;
            }
            var stored = new StoredFace(Guid.NewGuid().ToString(), imageId, externalImageId, face.BoundingBox, face.Confidence, face.IdentityKey);
            collection.Add(stored);
            indexed++;
            records.Add(new JsonObject { ["Face"] = FaceJson(stored), ["FaceDetail"] = FaceDetail(face) });
        }
        return new JsonObject { ["FaceRecords"] = records, ["FaceModelVersion"] = FaceModelVersion, ["UnindexedFaces"] = unindexed };
    }

    private JsonObject ListFaces(JsonObject request)
    {
        var collection = CollectionOf(request);
        var maxResults = request["MaxResults"]?.GetValue<int>() ?? DefaultListFacesPageSize;
        if (maxResults is < 0 or > 4096)
            throw RekognitionErrorException.Validation("maxResults", maxResults, "Member must have value less than or equal to 4096");
        var after = "";
        if (request["NextToken"]?.GetValue<string>() is { } token)
        {
            try { after = Encoding.UTF8.GetString(Convert.FromBase64String(token)); }
            catch (FormatException) { throw new RekognitionErrorException("InvalidPaginationTokenException", "Invalid Token"); }
            if (!after.StartsWith("after:", StringComparison.Ordinal)) throw new RekognitionErrorException("InvalidPaginationTokenException", "Invalid Token");
            after = after["after:".Length..];
        }
        var filter = request["FaceIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
        var remaining = collection.Snapshot()
            .Where(f => filter is null || filter.Contains(f.FaceId))
            .OrderBy(f => f.FaceId, StringComparer.Ordinal)
            .Where(f => string.CompareOrdinal(f.FaceId, after) > 0)
            .ToList();
        var page = remaining.Take(maxResults).ToList();
        var response = new JsonObject
        {
            ["Faces"] = new JsonArray([.. page.Select(f => (JsonNode)FaceJson(f))]),
            ["FaceModelVersion"] = FaceModelVersion,
        };
        if (remaining.Count > page.Count && page.Count > 0)
            response["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("after:" + page[^1].FaceId));
        return response;
    }

    private JsonObject DeleteFaces(JsonObject request)
    {
        var collection = CollectionOf(request);
        var ids = request["FaceIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToList()
                  ?? throw RekognitionErrorException.Validation("faceIds", null, "Member must not be null");
        if (ids.Count is 0 or > 4096)
            throw RekognitionErrorException.Validation("faceIds", "[" + string.Join(", ", ids) + "]", "Member must have length less than or equal to 4096 and greater than or equal to 1");
        foreach (var id in ids)
            if (!FaceIdPattern().IsMatch(id))
                throw RekognitionErrorException.Validation("faceIds", id, "Member must satisfy regular expression pattern: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        var deleted = ids.Where(collection.Remove).ToList();
        return new JsonObject { ["DeletedFaces"] = new JsonArray([.. deleted.Select(id => (JsonNode)id)]) };
    }

    private async Task<JsonObject> SearchFacesByImageAsync(JsonObject request, CancellationToken ct)
    {
        var collection = CollectionOf(request);
        var threshold = request["FaceMatchThreshold"]?.GetValue<double>() ?? 80;
        var maxFaces = request["MaxFaces"]?.GetValue<int>() ?? 80;
        if (maxFaces is < 1 or > 4096) throw RekognitionErrorException.Validation("maxFaces", maxFaces, "Member must have value greater than or equal to 1");
        var filter = QualityFilterOf(request, "NONE");
        var faces = await DetectAsync(request, ct).ConfigureAwait(false);
        var searched = faces.OrderByDescending(f => f.BoundingBox.Area).FirstOrDefault(f => QualityReasons(f, filter).Count == 0)
                       ?? throw RekognitionErrorException.InvalidParameter("There are no faces in the image. Should be at least 1.");
        var matches = collection.Snapshot()
            .Select(f => (Face: f, Similarity: FaceEngine.Similarity(searched.IdentityKey, f.IdentityKey)))
            .Where(m => m.Similarity >= threshold)
            .OrderByDescending(m => m.Similarity)
            .Take(maxFaces)
            .Select(m => (JsonNode)new JsonObject { ["Similarity"] = m.Similarity, ["Face"] = FaceJson(m.Face) });
        return new JsonObject
        {
            ["SearchedFaceBoundingBox"] = BoxJson(searched.BoundingBox),
            ["SearchedFaceConfidence"] = searched.Confidence,
            ["FaceMatches"] = new JsonArray([.. matches]),
            ["FaceModelVersion"] = FaceModelVersion,
        };
    }

    private async Task<JsonObject> DetectFacesAsync(JsonObject request, CancellationToken ct)
    {
        var faces = await DetectAsync(request, ct).ConfigureAwait(false);
        return new JsonObject { ["FaceDetails"] = new JsonArray([.. faces.Select(f => (JsonNode)FaceDetail(f))]) };
    }

    // ---- stream processors

    private readonly ConcurrentDictionary<string, DateTimeOffset> _deletedNames = new();
    private readonly Lock _processorLock = new();

    private void CheckStreamingAccess()
    {
        if (StreamingAccessDenied)
            throw new RekognitionErrorException("AccessDeniedException",
                "User is not authorized to access Amazon Rekognition Video streaming features: the account has no access to stream processors.");
    }

    private static string NameOf(JsonObject request) =>
        request["Name"]?.GetValue<string>() ?? throw RekognitionErrorException.Validation("name", null, "Member must not be null");

    private StreamProcessorState ProcessorOf(JsonObject request)
    {
        CheckStreamingAccess();
        var name = NameOf(request);
        return _processors.TryGetValue(name, out var state) ? Settle(state)
            : throw new RekognitionErrorException("ResourceNotFoundException", $"The stream processor {name} could not be found.");
    }

    // A transitional state ends once it has lasted StreamProcessorTransitionTime and a Describe has seen it.
    private StreamProcessorState Settle(StreamProcessorState p)
    {
        if (p.Status is not ("STARTING" or "STOPPING") || !p.TransitionSeen
            || Time.GetUtcNow() - p.LastUpdatedAt < StreamProcessorTransitionTime) return p;
        var settled = p with { Status = p.Status == "STARTING" ? "RUNNING" : "STOPPED", LastUpdatedAt = Time.GetUtcNow(), TransitionSeen = false };
        _processors[p.Name] = settled;
        return settled;
    }

    private JsonObject CreateStreamProcessor(JsonObject request)
    {
        CheckStreamingAccess();
        var name = NameOf(request);
        if (name.Length is 0 or > 128 || !StreamProcessorNamePattern().IsMatch(name))
            throw RekognitionErrorException.Validation("name", name, @"Member must satisfy regular expression pattern: [a-zA-Z0-9_.\-]+");
        var video = request["Input"]?["KinesisVideoStream"]?["Arn"]?.GetValue<string>()
            ?? throw RekognitionErrorException.Validation("input.kinesisVideoStream.arn", null, "Member must not be null");
        var data = request["Output"]?["KinesisDataStream"]?["Arn"]?.GetValue<string>();
        var role = request["RoleArn"]?.GetValue<string>() ?? throw RekognitionErrorException.Validation("roleArn", null, "Member must not be null");
        var faceSearch = request["Settings"]?["FaceSearch"] as JsonObject;
        // A face search processor writes to a Kinesis data stream; a label detection one (not modelled) to S3.
        if (faceSearch is null || data is null)
            throw RekognitionErrorException.InvalidParameter("Face search stream processors need Settings.FaceSearch and Output.KinesisDataStream.");
        var collectionId = CollectionIdOf(faceSearch);
        if (!_collections.ContainsKey(collectionId)) throw RekognitionErrorException.CollectionNotFound(collectionId);
        var threshold = faceSearch["FaceMatchThreshold"]?.GetValue<double>() ?? 80;
        if (threshold is < 0 or > 100) throw RekognitionErrorException.Validation("settings.faceSearch.faceMatchThreshold", threshold, "Member must have value less than or equal to 100");
        var optIn = request["DataSharingPreference"]?["OptIn"]?.GetValue<bool>() ?? false;

        lock (_processorLock)
        {
            if (_processors.ContainsKey(name))
                throw new RekognitionErrorException("ResourceInUseException", $"A stream processor named {name} already exists.");
            if (_deletedNames.TryGetValue(name, out var deletedAt) && Time.GetUtcNow() - deletedAt < DeletedNameReuseDelay)
                throw new RekognitionErrorException("ResourceInUseException", $"The stream processor name {name} is not available yet: it was deleted moments ago.");
            // One processor per video stream (the CloudFormation provider's schema: "we cannot create a new SP
            // resource with the same name or same KVS input before deleting the old one").
            if (_processors.Values.FirstOrDefault(p => p.KinesisVideoStreamArn == video) is { } other)
                throw new RekognitionErrorException("ResourceInUseException", $"The video stream is already the input of stream processor {other.Name}.");
            var now = Time.GetUtcNow();
            // "Values between 0 and 100 are accepted, and values lower than 80 are set to 80."
            _processors[name] = new StreamProcessorState(name, "STOPPED", collectionId, Math.Max(80, threshold), video, data, role, now, now) { DataSharingOptIn = optIn };
        }
        return new JsonObject { ["StreamProcessorArn"] = ProcessorArn(name) };
    }

    private JsonObject DeleteStreamProcessor(JsonObject request)
    {
        lock (_processorLock)
        {
            var p = ProcessorOf(request);
            // Rekognition does not document which states block a delete; the stand-in refuses every
            // state in which the processor is (or may still be) reading video.
            if (p.Status is "STARTING" or "RUNNING" or "STOPPING" or "UPDATING")
                throw new RekognitionErrorException("ResourceInUseException", $"Stream processor {p.Name} is in {p.Status} state and cannot be deleted.");
            _processors.TryRemove(p.Name, out _);
            _deletedNames[p.Name] = Time.GetUtcNow();
        }
        return new JsonObject();
    }

    private static string ProcessorArn(string name) => $"arn:aws:rekognition:us-east-1:123456789012:streamprocessor/{name}";

    private JsonObject DescribeStreamProcessor(JsonObject request)
    {
        var p = ProcessorOf(request);
        if (p.Status is "STARTING" or "STOPPING" && !p.TransitionSeen) _processors[p.Name] = p with { TransitionSeen = true };
        var described = new JsonObject
        {
            ["Name"] = p.Name,
            ["StreamProcessorArn"] = ProcessorArn(p.Name),
            ["Status"] = p.Status,
            ["CreationTimestamp"] = p.CreatedAt.ToUnixTimeMilliseconds() / 1000.0,
            ["LastUpdateTimestamp"] = p.LastUpdatedAt.ToUnixTimeMilliseconds() / 1000.0,
            ["Input"] = new JsonObject { ["KinesisVideoStream"] = new JsonObject { ["Arn"] = p.KinesisVideoStreamArn } },
            ["Output"] = new JsonObject { ["KinesisDataStream"] = new JsonObject { ["Arn"] = p.KinesisDataStreamArn } },
            ["RoleArn"] = p.RoleArn,
            ["Settings"] = new JsonObject
            {
                ["FaceSearch"] = new JsonObject { ["CollectionId"] = p.CollectionId, ["FaceMatchThreshold"] = p.FaceMatchThreshold },
            },
            ["DataSharingPreference"] = new JsonObject { ["OptIn"] = p.DataSharingOptIn },
        };
        if (p.Status == "FAILED") described["StatusMessage"] = "The stream processor failed.";
        return described;
    }

    private JsonObject StartStreamProcessor(JsonObject request)
    {
        var p = ProcessorOf(request);
        if (p.Status is not ("STOPPED" or "FAILED"))
            throw new RekognitionErrorException("ResourceInUseException", $"Stream processor {p.Name} is in {p.Status} state and cannot be started.");
        _processors[p.Name] = p with { Status = "STARTING", LastUpdatedAt = Time.GetUtcNow(), TransitionSeen = false };
        return new JsonObject { ["SessionId"] = Guid.NewGuid().ToString() };
    }

    private JsonObject StopStreamProcessor(JsonObject request)
    {
        var p = ProcessorOf(request);
        if (p.Status is not ("RUNNING" or "STARTING"))
            throw new RekognitionErrorException("ResourceInUseException", $"Stream processor {p.Name} is in {p.Status} state and cannot be stopped.");
        _processors[p.Name] = p with { Status = "STOPPING", LastUpdatedAt = Time.GetUtcNow(), TransitionSeen = false };
        return new JsonObject();
    }

    // ---- images

    private async Task<IReadOnlyList<EngineFace>> DetectAsync(JsonObject request, CancellationToken ct)
    {
        var image = request["Image"] as JsonObject ?? throw RekognitionErrorException.Validation("image", null, "Member must not be null");
        byte[] bytes;
        if (image["Bytes"] is { } b64 && image["S3Object"] is null)
        {
            try { bytes = Convert.FromBase64String(b64.GetValue<string>()); }
            catch (FormatException) { throw new RekognitionErrorException("SerializationException", "Base64 encoded image bytes are not valid."); }
            if (bytes.Length > MaxInlineImageBytes)
                throw RekognitionErrorException.Validation("image.bytes", "java.nio.HeapByteBuffer", $"Member must have length less than or equal to {MaxInlineImageBytes}");
            if (bytes.Length == 0)
                throw RekognitionErrorException.Validation("image.bytes", "java.nio.HeapByteBuffer", "Member must have length greater than or equal to 1");
        }
        else if (image["S3Object"] is JsonObject s3 && image["Bytes"] is null)
        {
            var location = new S3ObjectLocation(s3["Bucket"]?.GetValue<string>() ?? "", s3["Name"]?.GetValue<string>() ?? "", s3["Version"]?.GetValue<string>());
            var fetched = _fetchS3Object is null ? null : await _fetchS3Object(location, ct).ConfigureAwait(false);
            bytes = fetched ?? throw new RekognitionErrorException("InvalidS3ObjectException",
                "Unable to get object metadata from S3. Check object key, region and/or access permissions.");
            if (bytes.Length > MaxS3ImageBytes) throw new RekognitionErrorException("ImageTooLargeException", "Image size is too large.");
        }
        else throw RekognitionErrorException.InvalidParameter();

        if (!IsJpeg(bytes) && !IsPng(bytes)) throw new RekognitionErrorException("InvalidImageFormatException", "Request has invalid image format");
        try { return FaceEngine.DetectFaces(bytes); }
        catch (InvalidDataException) { throw new RekognitionErrorException("InvalidImageFormatException", "Request has invalid image format"); }
    }

    private static bool IsJpeg(ReadOnlySpan<byte> b) => b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;

    private static bool IsPng(ReadOnlySpan<byte> b) => b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

    /// <summary>
    /// The bar each QualityFilter sets on Brightness and Sharpness (AWS does not publish its own).
    /// AUTO and MEDIUM share a bar. Confidence below 90, a face smaller than 1% of the image or a
    /// pose beyond 60 degrees also fail every filter but NONE.
    /// </summary>
    public static double QualityThreshold(string qualityFilter) => qualityFilter switch
    {
        "NONE" => 0,
        "LOW" => 10,
        "MEDIUM" or "AUTO" => 25,
        "HIGH" => 50,
        _ => throw new ArgumentOutOfRangeException(nameof(qualityFilter)),
    };

    private static string QualityFilterOf(JsonObject request, string defaultFilter)
    {
        var filter = request["QualityFilter"]?.GetValue<string>() ?? defaultFilter;
        return filter is "NONE" or "AUTO" or "LOW" or "MEDIUM" or "HIGH" ? filter
            : throw RekognitionErrorException.Validation("qualityFilter", filter, "Member must satisfy enum value set: [NONE, AUTO, LOW, MEDIUM, HIGH]");
    }

    private static List<string> QualityReasons(EngineFace face, string filter)
    {
        var reasons = new List<string>();
        if (filter == "NONE") return reasons;
        var bar = QualityThreshold(filter);
        if (face.Pose is { } pose && (Math.Abs(pose.Yaw) > 60 || Math.Abs(pose.Pitch) > 60)) reasons.Add("EXTREME_POSE");
        if (face.Quality.Brightness < bar) reasons.Add("LOW_BRIGHTNESS");
        if (face.Quality.Sharpness < bar) reasons.Add("LOW_SHARPNESS");
        if (face.Confidence < 90) reasons.Add("LOW_CONFIDENCE");
        if (face.BoundingBox.Area < 0.01) reasons.Add("SMALL_BOUNDING_BOX");
        if (reasons.Count > 0) reasons.Add("LOW_FACE_QUALITY");
        return reasons;
    }

    // ---- JSON shapes

    private static JsonObject BoxJson(FaceBox b) => new() { ["Width"] = b.Width, ["Height"] = b.Height, ["Left"] = b.Left, ["Top"] = b.Top };

    private static JsonObject FaceJson(StoredFace f)
    {
        var face = new JsonObject
        {
            ["FaceId"] = f.FaceId,
            ["BoundingBox"] = BoxJson(f.BoundingBox),
            ["ImageId"] = f.ImageId,
            ["Confidence"] = f.Confidence,
            ["IndexFacesModelVersion"] = FaceModelVersion,
        };
        if (f.ExternalImageId is not null) face["ExternalImageId"] = f.ExternalImageId;
        return face;
    }

    private static JsonObject FaceDetail(EngineFace f)
    {
        var pose = f.Pose ?? new FacePose(0, 0, 0);
        var box = f.BoundingBox;
        return new JsonObject
        {
            ["BoundingBox"] = BoxJson(box),
            ["Confidence"] = f.Confidence,
            ["Landmarks"] = new JsonArray(
                Landmark("eyeLeft", box.Left + box.Width * 0.3, box.Top + box.Height * 0.4),
                Landmark("eyeRight", box.Left + box.Width * 0.7, box.Top + box.Height * 0.4),
                Landmark("nose", box.Left + box.Width * 0.5, box.Top + box.Height * 0.6),
                Landmark("mouthLeft", box.Left + box.Width * 0.35, box.Top + box.Height * 0.8),
                Landmark("mouthRight", box.Left + box.Width * 0.65, box.Top + box.Height * 0.8)),
            ["Pose"] = new JsonObject { ["Roll"] = pose.Roll, ["Yaw"] = pose.Yaw, ["Pitch"] = pose.Pitch },
            ["Quality"] = new JsonObject { ["Brightness"] = f.Quality.Brightness, ["Sharpness"] = f.Quality.Sharpness },
        };
    }

    private static JsonObject Landmark(string type, double x, double y) => new() { ["Type"] = type, ["X"] = x, ["Y"] = y };

    private static string CollectionIdOf(JsonObject request)
    {
        var id = request["CollectionId"]?.GetValue<string>() ?? throw RekognitionErrorException.Validation("collectionId", null, "Member must not be null");
        return id.Length is > 0 and <= 255 && CollectionIdPattern().IsMatch(id) ? id
            : throw RekognitionErrorException.Validation("collectionId", id, @"Member must satisfy regular expression pattern: [a-zA-Z0-9_.\-]+");
    }

    private Collection CollectionOf(JsonObject request)
    {
        var id = CollectionIdOf(request);
        return _collections.TryGetValue(id, out var c) ? c : throw RekognitionErrorException.CollectionNotFound(id);
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_.\-:]+$")]
    private static partial Regex ExternalImageIdPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_.\-]+$")]
    private static partial Regex CollectionIdPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_.\-]+$")]
    private static partial Regex StreamProcessorNamePattern();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex FaceIdPattern();

    [GeneratedRegex(@"Credential=[^/]+/\d{8}/[^/]+/(?<service>[^/]+)/aws4_request")]
    private static partial Regex CredentialScope();

    private sealed class Collection
    {
        private readonly List<StoredFace> _faces = [];
        private readonly Lock _lock = new();

        public void Add(StoredFace face) { lock (_lock) _faces.Add(face); }

        public bool Remove(string faceId) { lock (_lock) return _faces.RemoveAll(f => f.FaceId == faceId) > 0; }

        public List<StoredFace> Snapshot() { lock (_lock) return [.. _faces]; }
    }
}

/// <summary>Rekognition's <c>Image.S3Object</c>.</summary>
public sealed record S3ObjectLocation(string Bucket, string Name, string? Version);
