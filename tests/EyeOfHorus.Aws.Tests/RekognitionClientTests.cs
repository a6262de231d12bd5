using System.Text.Json;
using System.Text.Json.Nodes;

namespace EyeOfHorus.Aws.Tests;

/// <summary>Rekognition over the real JSON 1.1 wire against an in-process Kestrel server.</summary>
public sealed class RekognitionClientTests : IAsyncLifetime
{
    private StubAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await StubAwsServer.StartAsync("rekognition");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task IndexFaces_sends_the_exact_signed_JSON_1_1_request_and_reads_the_answer()
    {
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 200, "application/x-amz-json-1.1",
            Vectors.Read("wire", "rekognition", "devguide-IndexFaces.response.default-attrs.unindexed-EXCEEDS_MAX_FACES.json"),
            ("x-amzn-RequestId", "req-1"));
        var client = new RekognitionClient(_server.ClientOptions());

        IndexFacesResponse response = await client.IndexFacesAsync(new IndexFacesRequest
        {
            CollectionId = "MyCollection",
            Image = new Image { S3Object = new S3Object { Bucket = "bucket", Name = "input.jpg" } },
            ExternalImageId = "input.jpg",
            DetectionAttributes = ["DEFAULT"],
            MaxFaces = 1,
            QualityFilter = "AUTO",
        });

        ReceivedRequest request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("RekognitionService.IndexFaces", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        Assert.Equal(StubAwsServer.Credentials.SessionToken, request.Header("X-Amz-Security-Token"));
        Assert.Null(request.SignatureProblem);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/rekognition/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        // The body is the developer guide's IndexFaces request, member for member.
        Vectors.AssertJsonEquivalent(JsonNode.Parse(Vectors.Read("wire", "rekognition", "devguide-IndexFaces.request.json")), JsonNode.Parse(request.Body));

        Assert.Equal("input.jpg", Assert.Single(response.FaceRecords!).Face!.ExternalImageId);
        Assert.Equal("EXCEEDS_MAX_FACES", Assert.Single(Assert.Single(response.UnindexedFaces!).Reasons!));
    }

    [Fact]
    public async Task Image_bytes_travel_as_base64()
    {
        _server.Responder = (_, _, context) => StubAwsServer.Respond(context, 200, "application/x-amz-json-1.1",
            """{"SearchedFaceBoundingBox":{"Width":0.5,"Height":0.25,"Left":0.1,"Top":0.2},"SearchedFaceConfidence":99.5,"FaceMatches":[{"Similarity":97.25,"Face":{"FaceId":"f1","ExternalImageId":"alice:photo1.jpg","Confidence":99.9}}],"FaceModelVersion":"7.0"}""");
        var client = new RekognitionClient(_server.ClientOptions());
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];

        SearchFacesByImageResponse response = await client.SearchFacesByImageAsync(new SearchFacesByImageRequest
        {
            CollectionId = "faces", Image = new Image { Bytes = jpeg }, MaxFaces = 5, FaceMatchThreshold = 90,
        });

        using JsonDocument sent = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        Assert.Equal(Convert.ToBase64String(jpeg), sent.RootElement.GetProperty("Image").GetProperty("Bytes").GetString());
        Assert.Equal(90, sent.RootElement.GetProperty("FaceMatchThreshold").GetSingle());
        Assert.False(sent.RootElement.TryGetProperty("QualityFilter", out _));
        FaceMatch match = Assert.Single(response.FaceMatches!);
        Assert.Equal(97.25f, match.Similarity);
        Assert.Equal("alice:photo1.jpg", match.Face!.ExternalImageId);
        Assert.Equal(0.5f, response.SearchedFaceBoundingBox!.Width);
    }

    [Fact]
    public async Task ListAllFaces_follows_NextToken_through_every_page()
    {
        _server.Responder = (request, n, context) =>
        {
            using JsonDocument sent = JsonDocument.Parse(request.Body);
            string? token = sent.RootElement.TryGetProperty("NextToken", out JsonElement t) ? t.GetString() : null;
            Assert.Equal(n == 1 ? null : $"page{n}", token);
            string next = n < 3 ? $",\"NextToken\":\"page{n + 1}\"" : "";
            return StubAwsServer.Respond(context, 200, "application/x-amz-json-1.1",
                $"{{\"Faces\":[{{\"FaceId\":\"face-{n}a\"}},{{\"FaceId\":\"face-{n}b\"}}]{next},\"FaceModelVersion\":\"7.0\"}}");
        };
        var client = new RekognitionClient(_server.ClientOptions());

        IReadOnlyList<Face> faces = await client.ListAllFacesAsync("faces");

        Assert.Equal(["face-1a", "face-1b", "face-2a", "face-2b", "face-3a", "face-3b"], faces.Select(f => f.FaceId));
        Assert.Equal(3, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Equal("RekognitionService.ListFaces", r.Header("X-Amz-Target")));
    }

    [Fact]
    public async Task Every_operation_uses_its_own_target_and_reads_its_answer()
    {
        _server.Responder = (request, _, context) => StubAwsServer.Respond(context, 200, "application/x-amz-json-1.1", request.Header("X-Amz-Target") switch
        {
            "RekognitionService.DeleteFaces" => """{"DeletedFaces":["f1"]}""",
            "RekognitionService.DetectFaces" => """{"FaceDetails":[{"Confidence":99.1,"BoundingBox":{"Width":0.3}}]}""",
            "RekognitionService.DescribeStreamProcessor" => """{"Name":"eye-of-horus-front-door","Status":"RUNNING","CreationTimestamp":1.7000000005E9,"Settings":{"FaceSearch":{"CollectionId":"faces","FaceMatchThreshold":90.0}}}""",
            "RekognitionService.StartStreamProcessor" => """{"SessionId":"s-1"}""",
            "RekognitionService.StopStreamProcessor" => "",
            _ => "{}",
        });
        var client = new RekognitionClient(_server.ClientOptions());

        Assert.Equal(["f1"], (await client.DeleteFacesAsync(new DeleteFacesRequest { CollectionId = "faces", FaceIds = ["f1"] })).DeletedFaces!);
        Assert.Equal(0.3f, Assert.Single((await client.DetectFacesAsync(new DetectFacesRequest { Image = new Image { Bytes = [1] } })).FaceDetails!).BoundingBox!.Width);
        DescribeStreamProcessorResponse described = await client.DescribeStreamProcessorAsync(new DescribeStreamProcessorRequest { Name = "eye-of-horus-front-door" });
        Assert.Equal("RUNNING", described.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), described.CreationTimestamp);
        Assert.Equal(90f, described.Settings!.FaceSearch!.FaceMatchThreshold);
        Assert.Equal("s-1", (await client.StartStreamProcessorAsync(new StartStreamProcessorRequest { Name = "p" })).SessionId);
        Assert.NotNull(await client.StopStreamProcessorAsync(new StopStreamProcessorRequest { Name = "p" })); // empty 200 body

        Assert.Equal(
            ["DeleteFaces", "DetectFaces", "DescribeStreamProcessor", "StartStreamProcessor", "StopStreamProcessor"],
            _server.Requests.Select(r => r.Header("X-Amz-Target")!["RekognitionService.".Length..]));
        Assert.All(_server.Requests, r => Assert.Null(r.SignatureProblem));
        Assert.Equal("""{"Name":"p"}""", _server.Requests[^1].BodyText);
    }
}

public sealed class StreamProcessorWireTests : IAsyncLifetime
{
    private StubAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await StubAwsServer.StartAsync("rekognition");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CreateStreamProcessor_sends_the_face_search_shape_of_the_API_reference_and_DeleteStreamProcessor_just_the_name()
    {
        _server.Responder = (request, _, context) => StubAwsServer.Respond(context, 200, "application/x-amz-json-1.1", request.Header("X-Amz-Target") switch
        {
            "RekognitionService.CreateStreamProcessor" => """{"StreamProcessorArn":"arn:aws:rekognition:eu-west-1:123456789012:streamprocessor/cam"}""",
            _ => "{}",
        });
        var client = new RekognitionClient(_server.ClientOptions());

        CreateStreamProcessorResponse created = await client.CreateStreamProcessorAsync(new CreateStreamProcessorRequest
        {
            Name = "cam",
            Input = new StreamProcessorInput { KinesisVideoStream = new KinesisVideoStream { Arn = "arn:aws:kinesisvideo:eu-west-1:123456789012:stream/cam/1" } },
            Output = new StreamProcessorOutput { KinesisDataStream = new KinesisDataStream { Arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/matches" } },
            RoleArn = "arn:aws:iam::123456789012:role/processor",
            Settings = new StreamProcessorSettings { FaceSearch = new FaceSearchSettings { CollectionId = "faces", FaceMatchThreshold = 85.5f } },
            DataSharingPreference = new StreamProcessorDataSharingPreference { OptIn = false },
        });
        await client.DeleteStreamProcessorAsync(new DeleteStreamProcessorRequest { Name = "cam" });

        Assert.Equal("arn:aws:rekognition:eu-west-1:123456789012:streamprocessor/cam", created.StreamProcessorArn);
        Assert.Equal(["RekognitionService.CreateStreamProcessor", "RekognitionService.DeleteStreamProcessor"], _server.Requests.Select(r => r.Header("X-Amz-Target")));
        // Member names and nesting as in the API reference's CreateStreamProcessor request syntax.
        Vectors.AssertJsonEquivalent(JsonNode.Parse("""
            {"Name":"cam",
             "Input":{"KinesisVideoStream":{"Arn":"arn:aws:kinesisvideo:eu-west-1:123456789012:stream/cam/1"}},
             "Output":{"KinesisDataStream":{"Arn":"arn:aws:kinesis:eu-west-1:123456789012:stream/matches"}},
             "RoleArn":"arn:aws:iam::123456789012:role/processor",
             "Settings":{"FaceSearch":{"CollectionId":"faces","FaceMatchThreshold":85.5}},
             "DataSharingPreference":{"OptIn":false}}
            """), JsonNode.Parse(_server.Requests[0].Body));
        Assert.Equal("""{"Name":"cam"}""", _server.Requests[1].BodyText);
        Assert.All(_server.Requests, r => Assert.Null(r.SignatureProblem));
    }
}
