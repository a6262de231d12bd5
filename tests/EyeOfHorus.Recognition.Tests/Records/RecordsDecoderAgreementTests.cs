using System.Text;
using CsCheck;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Records;

/// <summary>The hand-written decoder accepts exactly what the serializer accepts, and reads it to the same record.</summary>
public class RecordsDecoderAgreementTests
{
    private static void Agree(byte[] bytes)
    {
        var expected = SerializerOracle.TryDecode(bytes);
        var accepted = MatchRecordCodec.TryDecode(bytes, out var actual, out var error);
        if (expected is null && accepted)
            throw new InvalidOperationException("Accepted what the serializer rejects: " + Encoding.UTF8.GetString(bytes));
        if (expected is not null && !accepted)
            throw new InvalidOperationException($"Rejected ({error}) what the serializer accepts: " + Encoding.UTF8.GetString(bytes));
        if (expected is not null && !MatchRecordCodec.Encode(expected).AsSpan().SequenceEqual(MatchRecordCodec.Encode(actual!)))
            throw new InvalidOperationException("Read differently from the serializer: " + Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Mutated_records_are_accepted_and_read_as_the_serializer_does() =>
        RecordsMutations.Mutated.Sample(Agree, iter: PropertyRuns.Of(20_000));

    [Fact]
    public void Random_bytes_are_judged_as_the_serializer_does() =>
        Gen.Byte.Array[0, 300].Sample(Agree, iter: PropertyRuns.Of(5_000));

    [Theory]
    [InlineData("awsdocs-devguide-streaming-video-kinesis-output.json")]
    [InlineData("real-shape-unknown-face.json")]
    [InlineData("real-shape-known-person.json")]
    public void The_vectors_are_read_as_the_serializer_does(string vector) => Agree(RecordsCodecTests.Vector(vector));

    private const string Frame = "\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"arn:aws:kinesisvideo:us-east-1:1:stream/s/1\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}}";

    [Theory]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[],\"FaceSearchResponse\":[{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1},\"MatchedFaces\":[]}]}")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[],\"FaceSearchResponse\":null}")]
    [InlineData("{\"Input\\u0049nformation\":{\"KinesisVideo\":{\"StreamArn\":\"arn:aws:kinesisvideo:us-east-1:1:stream/\\u0073/1\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[]}")]
    [InlineData("{\"inputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[]}")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[],\"StreamProcessorInformation\":null,\"EdgeInformation\":null}")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[]} ")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[]}{}")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[],}")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[] /* note */}")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1,\"FrameOffsetInSeconds\":null}},\"FaceSearchResponse\":[]}")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1e308,\"ProducerTimestamp\":-0.0}},\"FaceSearchResponse\":[]}")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1,\"Landmarks\":[]},\"MatchedFaces\":[{\"Similarity\":1,\"Face\":{\"FaceId\":\"f\",\"BoundingBox\":null}}]}]}")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1},\"MatchedFaces\":[{\"Similarity\":1,\"Face\":{\"FaceId\":null}}]}]}")]
    public void Edge_cases_of_json_are_judged_as_the_serializer_does(string json) => Agree(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void An_error_names_the_member_and_the_element_it_is_in()
    {
        var json = "{" + Frame + ",\"FaceSearchResponse\":[{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1},\"MatchedFaces\":[]},"
            + "{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1},\"MatchedFaces\":[{\"Similarity\":1,\"Face\":{\"FaceId\":7}}]}]}";
        Assert.False(MatchRecordCodec.TryDecode(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal("Not a match record: FaceSearchResponse[1].MatchedFaces[0].Face.FaceId must be a string, not a number.", error);
    }
}
