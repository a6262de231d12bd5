using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace EyeOfHorus.Aws.Tests;

/// <summary>
/// AWS-authored Rekognition JSON (developer guide, botocore examples) read into our records and
/// written back: nothing the records model is lost or renamed.
/// </summary>
public sealed class WireVectorTests
{
    private static readonly AwsJsonContext Json = AwsJsonContext.Default;

    public static TheoryData<string, string> DevGuideFiles() => new()
    {
        { "devguide-IndexFaces.request.json", "IndexFacesRequest" },
        { "devguide-IndexFaces.response.default-attrs.unindexed-EXCEEDS_MAX_FACES.json", "IndexFacesResponse" },
        { "devguide-ListFaces.request.json", "ListFacesRequest" },
        { "devguide-ListFaces.request.with-NextToken.json", "ListFacesRequest" },
        { "devguide-ListFaces.response.json", "ListFacesResponse" },
        { "devguide-DeleteFaces.request.json", "DeleteFacesRequest" },
        { "devguide-DeleteFaces.response.json", "DeleteFacesResponse" },
    };

    [Theory]
    [MemberData(nameof(DevGuideFiles))]
    public void Developer_guide_example_round_trips(string file, string shape)
    {
        JsonNode original = JsonNode.Parse(Vectors.Read("wire", "rekognition", file))!;
        Vectors.AssertJsonEquivalent(original, RoundTrip(original, shape));
    }

    public static TheoryData<string, int, string> BotocoreExamples()
    {
        var data = new TheoryData<string, int, string>();
        using JsonDocument doc = JsonDocument.Parse(Vectors.Read("wire", "rekognition", "botocore-rekognition-examples-1.IndexFaces-ListFaces-DeleteFaces.json"));
        foreach (JsonProperty operation in doc.RootElement.GetProperty("examples").EnumerateObject())
        {
            for (int i = 0; i < operation.Value.GetArrayLength(); i++)
            {
                data.Add(operation.Name, i, "input");
                data.Add(operation.Name, i, "output");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BotocoreExamples))]
    public void Botocore_example_round_trips(string operation, int index, string part)
    {
        JsonNode examples = JsonNode.Parse(Vectors.Read("wire", "rekognition", "botocore-rekognition-examples-1.IndexFaces-ListFaces-DeleteFaces.json"))!;
        JsonNode original = examples["examples"]![operation]![index]![part]!;
        string shape = operation + (part == "input" ? "Request" : "Response");
        Vectors.AssertJsonEquivalent(original, RoundTrip(original, shape));
    }

    [Fact]
    public void Developer_guide_IndexFaces_response_reads_into_the_contract_members()
    {
        IndexFacesResponse response = JsonSerializer.Deserialize(
            Vectors.Read("wire", "rekognition", "devguide-IndexFaces.response.default-attrs.unindexed-EXCEEDS_MAX_FACES.json"), Json.IndexFacesResponse)!;

        FaceRecord record = Assert.Single(response.FaceRecords!);
        Assert.False(string.IsNullOrEmpty(record.Face!.FaceId));
        Assert.Equal("input.jpg", record.Face.ExternalImageId);
        Assert.InRange(record.FaceDetail!.Quality!.Sharpness!.Value, 0, 100);
        UnindexedFace unindexed = Assert.Single(response.UnindexedFaces!);
        Assert.Equal(["EXCEEDS_MAX_FACES"], unindexed.Reasons!);
        Assert.NotNull(unindexed.FaceDetail!.BoundingBox!.Width);
    }

    [Fact]
    public void Kinesis_timestamps_are_epoch_seconds_numbers_both_ways()
    {
        Record record = JsonSerializer.Deserialize(
            """{"SequenceNumber":"1","ApproximateArrivalTimestamp":1.440938160123E9,"Data":"aGk=","PartitionKey":"p"}""", Json.Record)!;
        Assert.Equal(new DateTimeOffset(2015, 8, 30, 12, 36, 0, 123, TimeSpan.Zero), record.ApproximateArrivalTimestamp);
        Assert.Equal("hi"u8.ToArray(), record.Data);

        string written = JsonSerializer.Serialize(new GetShardIteratorRequest
        {
            StreamName = "s", ShardId = "shardId-000000000000", ShardIteratorType = "AT_TIMESTAMP",
            Timestamp = new DateTimeOffset(2015, 8, 30, 12, 36, 0, 500, TimeSpan.Zero),
        }, Json.GetShardIteratorRequest);
        Assert.Contains("\"Timestamp\":1440938160.5", written, StringComparison.Ordinal);
        Assert.DoesNotContain("StartingSequenceNumber", written, StringComparison.Ordinal); // nulls are not sent
    }

    private static JsonNode? RoundTrip(JsonNode original, string shape)
    {
        string text = original.ToJsonString();
        return shape switch
        {
            "IndexFacesRequest" => Again(text, Json.IndexFacesRequest),
            "IndexFacesResponse" => Again(text, Json.IndexFacesResponse),
            "ListFacesRequest" => Again(text, Json.ListFacesRequest),
            "ListFacesResponse" => Again(text, Json.ListFacesResponse),
            "DeleteFacesRequest" => Again(text, Json.DeleteFacesRequest),
            "DeleteFacesResponse" => Again(text, Json.DeleteFacesResponse),
            "SearchFacesByImageRequest" => Again(text, Json.SearchFacesByImageRequest),
            "SearchFacesByImageResponse" => Again(text, Json.SearchFacesByImageResponse),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "no record for this shape"),
        };
    }

    private static JsonNode? Again<T>(string json, JsonTypeInfo<T> type) =>
        JsonNode.Parse(JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type)!, type));
}
