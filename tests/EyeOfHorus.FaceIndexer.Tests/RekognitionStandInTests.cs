using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EyeOfHorus.Testing.Rekognition;

namespace EyeOfHorus.FaceIndexer.Tests;

/// <summary>
/// The Rekognition stand-in answers the developer guide's own request bodies with the guide's
/// response shapes and errors, over raw HTTP (no client of ours in between).
/// </summary>
public sealed class RekognitionStandInTests : IAsyncLifetime
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];
    private static readonly byte[] OtherJpeg = [0xFF, 0xD8, 0xFF, 0xE0, 9, 9, 9, 0xFF, 0xD9];
    private readonly Dictionary<string, byte[]> _bucket = [];
    private readonly HttpClient _http = new();
    private RekognitionStandIn _rekognition = null!;

    public async Task InitializeAsync()
    {
        _rekognition = await RekognitionStandIn.StartAsync(fetchS3Object: (loc, _) =>
            Task.FromResult(_bucket.TryGetValue($"{loc.Bucket}/{loc.Name}", out var b) ? b : null));
        _rekognition.CreateCollection("MyCollection");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _rekognition.DisposeAsync();
    }

    private static string Vector(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "rekognition", name));

    private async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(string operation, string json, bool signed = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _rekognition.Endpoint);
        request.Headers.Add("X-Amz-Target", "RekognitionService." + operation);
        request.Headers.Add("X-Amz-Date", "20261125T090000Z");
        if (signed)
            request.Headers.TryAddWithoutValidation("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/rekognition/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=00");
        request.Content = new StringContent(json, Encoding.UTF8);
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        var response = await _http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return (response.StatusCode, body, response);
    }

    private static HashSet<string> Keys(JsonNode? node) => [.. node!.AsObject().Select(p => p.Key)];

    [Fact]
    public async Task IndexFaces_from_the_guides_request_answers_in_the_guides_shape_and_honours_MaxFaces()
    {
        _bucket["bucket/input.jpg"] = Jpeg;
        _rekognition.Engine.Register(Jpeg, EngineFace.Portrait("a"), EngineFace.Portrait("b") with { BoundingBox = new FaceBox(0.1, 0.15, 0.6, 0.6) });

        var (status, body, response) = await PostAsync("IndexFaces", Vector("devguide-IndexFaces.request.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType!.MediaType);
        var guide = JsonNode.Parse(Vector("devguide-IndexFaces.response.default-attrs.unindexed-EXCEEDS_MAX_FACES.json"))!;
        var record = Assert.Single(body["FaceRecords"]!.AsArray())!;
        Assert.Equal(Keys(guide["FaceRecords"]![0]!["Face"]) , Keys(record["Face"]).Except(["IndexFacesModelVersion"]).ToHashSet());
        Assert.Equal(Keys(guide["FaceRecords"]![0]!["FaceDetail"]), Keys(record["FaceDetail"]));
        Assert.Equal("input.jpg", record["Face"]!["ExternalImageId"]!.GetValue<string>());
        Assert.Equal(0.35, record["Face"]!["BoundingBox"]!["Width"]!.GetValue<double>()); // the larger face is indexed
        var unindexed = Assert.Single(body["UnindexedFaces"]!.AsArray())!;
        Assert.Equal("EXCEEDS_MAX_FACES", Assert.Single(unindexed["Reasons"]!.AsArray())!.GetValue<string>());
        Assert.Single(_rekognition.Faces("MyCollection"));
        Assert.Equal(1, _rekognition.CallCount("IndexFaces"));
    }

    [Fact]
    public async Task IndexFaces_with_QualityFilter_AUTO_leaves_a_blurry_face_unindexed_with_its_reasons()
    {
        _rekognition.Engine.Register(Jpeg, EngineFace.Blurry("a"));
        var request = new JsonObject { ["CollectionId"] = "MyCollection", ["Image"] = new JsonObject { ["Bytes"] = Convert.ToBase64String(Jpeg) }, ["QualityFilter"] = "AUTO" };

        var (status, body, _) = await PostAsync("IndexFaces", request.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body["FaceRecords"]!.AsArray());
        var reasons = body["UnindexedFaces"]![0]!["Reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains("LOW_SHARPNESS", reasons);
        Assert.Contains("LOW_BRIGHTNESS", reasons);
        Assert.Empty(_rekognition.Faces("MyCollection"));
    }

    [Fact]
    public async Task ListFaces_pages_with_NextToken_and_MaxResults_until_every_face_is_seen_once()
    {
        _rekognition.Engine.Register(Jpeg, [.. Enumerable.Range(0, 5).Select(i => EngineFace.Portrait("p" + i))]);
        await PostAsync("IndexFaces", new JsonObject { ["CollectionId"] = "MyCollection", ["Image"] = new JsonObject { ["Bytes"] = Convert.ToBase64String(Jpeg) } }.ToJsonString());

        var (_, first, _) = await PostAsync("ListFaces", Vector("devguide-ListFaces.request.json"));
        var guide = JsonNode.Parse(Vector("devguide-ListFaces.response.json"))!;
        Assert.Equal(Keys(guide["Faces"]![0]!).Except(["ExternalImageId"]).ToHashSet(), Keys(first["Faces"]![0]!)); // no ExternalImageId was given
        Assert.Equal(Keys(guide), Keys(first));

        var seen = new List<string> { first["Faces"]![0]!["FaceId"]!.GetValue<string>() };
        var token = first["NextToken"]?.GetValue<string>();
        while (token is not null)
        {
            var (status, page, _) = await PostAsync("ListFaces", new JsonObject { ["CollectionId"] = "MyCollection", ["MaxResults"] = 2, ["NextToken"] = token }.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, status);
            seen.AddRange(page["Faces"]!.AsArray().Select(f => f!["FaceId"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
        }
        Assert.Equal(_rekognition.Faces("MyCollection").Select(f => f.FaceId).Order(), seen.Order());
        Assert.Equal(5, seen.Distinct().Count());

        var (badStatus, bad, _) = await PostAsync("ListFaces", """{"CollectionId":"MyCollection","NextToken":"sm+5ythT3aeEVIR4WA...."}""");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal("InvalidPaginationTokenException", bad["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteFaces_removes_the_faces_and_answers_like_the_guide()
    {
        _rekognition.Engine.Register(Jpeg, EngineFace.Portrait("a"));
        var (_, indexed, _) = await PostAsync("IndexFaces", new JsonObject { ["CollectionId"] = "MyCollection", ["Image"] = new JsonObject { ["Bytes"] = Convert.ToBase64String(Jpeg) } }.ToJsonString());
        var faceId = indexed["FaceRecords"]![0]!["Face"]!["FaceId"]!.GetValue<string>();
        var request = JsonNode.Parse(Vector("devguide-DeleteFaces.request.json"))!;
        request["FaceIds"]!.AsArray().Add(faceId);

        var (status, body, _) = await PostAsync("DeleteFaces", request.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Keys(JsonNode.Parse(Vector("devguide-DeleteFaces.response.json"))), Keys(body));
        Assert.Equal([faceId], body["DeletedFaces"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Empty(_rekognition.Faces("MyCollection"));
    }

    [Fact]
    public async Task Errors_come_as_the_guides_raw_error_with_type_code_and_status()
    {
        var guide = Vector("devguide-error-InvalidS3ObjectException.http.txt");
        var guideBody = JsonNode.Parse(guide[guide.IndexOf('{', StringComparison.Ordinal)..])!;

        var (status, body, response) = await PostAsync("IndexFaces", Vector("devguide-IndexFaces.request.json")); // bucket/input.jpg absent

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(Keys(guideBody), Keys(body));
        Assert.Equal(guideBody["Message"]!.GetValue<string>(), body["Message"]!.GetValue<string>());
        Assert.Equal("InvalidS3ObjectException", body["__type"]!.GetValue<string>());
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));

        var notImage = new JsonObject { ["CollectionId"] = "MyCollection", ["Image"] = new JsonObject { ["Bytes"] = Convert.ToBase64String("hello"u8.ToArray()) } };
        Assert.Equal("InvalidImageFormatException", (await PostAsync("IndexFaces", notImage.ToJsonString())).Body["__type"]!.GetValue<string>());
        var noCollection = (await PostAsync("ListFaces", """{"CollectionId":"nope"}""")).Body;
        Assert.Equal("ResourceNotFoundException", noCollection["__type"]!.GetValue<string>());
        var badId = new JsonObject { ["CollectionId"] = "MyCollection", ["ExternalImageId"] = "Zoë", ["Image"] = new JsonObject { ["Bytes"] = Convert.ToBase64String(Jpeg) } };
        Assert.Equal("ValidationException", (await PostAsync("IndexFaces", badId.ToJsonString())).Body["__type"]!.GetValue<string>());
        var unsigned = await PostAsync("ListFaces", """{"CollectionId":"MyCollection"}""", signed: false);
        Assert.Equal((HttpStatusCode.BadRequest, "MissingAuthenticationTokenException"), (unsigned.Status, unsigned.Body["__type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Injected_faults_answer_first_then_the_operation_runs_and_every_call_is_counted()
    {
        _rekognition.FailNext("ListFaces", RekognitionFault.Throttling);
        _rekognition.FailNext("ListFaces", RekognitionFault.ServiceUnavailable);
        _rekognition.FailNext("ListFaces", RekognitionFault.ProvisionedThroughputExceeded);

        var answers = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < 4; i++)
        {
            var (status, body, _) = await PostAsync("ListFaces", """{"CollectionId":"MyCollection"}""");
            answers.Add((status, body["__type"]?.GetValue<string>()));
        }

        Assert.Equal([(HttpStatusCode.BadRequest, "ThrottlingException"), (HttpStatusCode.InternalServerError, "ThrottlingException"),
            (HttpStatusCode.BadRequest, "ProvisionedThroughputExceededException"), (HttpStatusCode.OK, null)], answers);
        Assert.Equal(4, _rekognition.CallCount("ListFaces"));

        _rekognition.FailNext("ListFaces", RekognitionFault.ConnectionReset);
        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("ListFaces", """{"CollectionId":"MyCollection"}"""));
    }

    [Fact]
    public async Task SearchFacesByImage_finds_the_same_identity_and_rejects_an_image_without_faces()
    {
        _rekognition.Engine.Register(Jpeg, EngineFace.Portrait("alice"));
        _rekognition.Engine.Register(OtherJpeg, EngineFace.Portrait("alice", left: 0.1));
        await PostAsync("IndexFaces", new JsonObject { ["CollectionId"] = "MyCollection", ["ExternalImageId"] = "alice:1.jpg", ["Image"] = new JsonObject { ["Bytes"] = Convert.ToBase64String(Jpeg) } }.ToJsonString());

        var (status, body, _) = await PostAsync("SearchFacesByImage", new JsonObject { ["CollectionId"] = "MyCollection", ["FaceMatchThreshold"] = 90, ["Image"] = new JsonObject { ["Bytes"] = Convert.ToBase64String(OtherJpeg) } }.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        var match = Assert.Single(body["FaceMatches"]!.AsArray())!;
        Assert.Equal("alice:1.jpg", match["Face"]!["ExternalImageId"]!.GetValue<string>());
        Assert.True(match["Similarity"]!.GetValue<double>() >= 90);
        Assert.Equal(0.1, body["SearchedFaceBoundingBox"]!["Left"]!.GetValue<double>());

        _rekognition.Engine.Register(OtherJpeg);
        var (noFaceStatus, noFace, _) = await PostAsync("SearchFacesByImage", new JsonObject { ["CollectionId"] = "MyCollection", ["Image"] = new JsonObject { ["Bytes"] = Convert.ToBase64String(OtherJpeg) } }.ToJsonString());
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameterException"), (noFaceStatus, noFace["__type"]!.GetValue<string>()));

        var detected = (await PostAsync("DetectFaces", new JsonObject { ["Image"] = new JsonObject { ["Bytes"] = Convert.ToBase64String(Jpeg) } }.ToJsonString())).Body;
        Assert.Single(detected["FaceDetails"]!.AsArray());
    }

    [Fact]
    public async Task Stream_processor_starts_and_stops_through_transitional_states_and_access_denied_mode_refuses_all()
    {
        _rekognition.AddStreamProcessor("eye-of-horus-front-door", "MyCollection");
        const string name = """{"Name":"eye-of-horus-front-door"}""";

        async Task<string> StatusAsync() => (await PostAsync("DescribeStreamProcessor", name)).Body["Status"]!.GetValue<string>();
        Assert.Equal("STOPPED", await StatusAsync());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("StartStreamProcessor", name)).Status);
        Assert.Equal("STARTING", await StatusAsync());
        Assert.Equal("RUNNING", await StatusAsync());
        Assert.Equal("ResourceInUseException", (await PostAsync("StartStreamProcessor", name)).Body["__type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("StopStreamProcessor", name)).Status);
        Assert.Equal("STOPPING", await StatusAsync());
        Assert.Equal("STOPPED", await StatusAsync());
        var described = (await PostAsync("DescribeStreamProcessor", name)).Body;
        Assert.Equal(90, described["Settings"]!["FaceSearch"]!["FaceMatchThreshold"]!.GetValue<double>());
        Assert.Equal("ResourceNotFoundException", (await PostAsync("DescribeStreamProcessor", """{"Name":"garage"}""")).Body["__type"]!.GetValue<string>());

        _rekognition.StreamingAccessDenied = true;
        foreach (var op in new[] { "DescribeStreamProcessor", "StartStreamProcessor", "StopStreamProcessor" })
        {
            var (status, body, _) = await PostAsync(op, name);
            Assert.Equal((HttpStatusCode.BadRequest, "AccessDeniedException"), (status, body["__type"]!.GetValue<string>()));
        }
    }
}
