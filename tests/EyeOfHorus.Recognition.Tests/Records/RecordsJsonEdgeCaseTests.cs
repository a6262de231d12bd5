using System.Text;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Records;

/// <summary>How the decoder judges the corners of JSON that a record could reach: strict JSON, AWS member names, the last of duplicated members.</summary>
public class RecordsJsonEdgeCaseTests
{
    private const string Frame = "\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"arn:aws:kinesisvideo:us-east-1:1:stream/s/1\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}}";
    private const string Face = "{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1},\"MatchedFaces\":[]}";

    private static MatchRecord? Decode(string json) =>
        MatchRecordCodec.TryDecode(Encoding.UTF8.GetBytes(json), out var record, out _) ? record : null;

    [Fact]
    public void A_duplicated_member_takes_its_last_value() =>
        Assert.Single(Decode("{" + Frame + ",\"FaceSearchResponse\":[],\"FaceSearchResponse\":[" + Face + "]}")!.FaceSearchResponse);

    [Fact]
    public void A_required_member_repeated_as_null_is_rejected() =>
        Assert.Null(Decode("{" + Frame + ",\"FaceSearchResponse\":[],\"FaceSearchResponse\":null}"));

    [Fact]
    public void Escaped_member_names_and_strings_are_read_unescaped()
    {
        var record = Decode("{\"Input\\u0049nformation\":{\"KinesisVideo\":{\"StreamArn\":\"arn:aws:kinesisvideo:us-east-1:1:stream/\\u0073/1\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[]}");
        Assert.Equal("arn:aws:kinesisvideo:us-east-1:1:stream/s/1", record!.InputInformation.KinesisVideo.StreamArn);
    }

    [Fact]
    public void Member_names_are_case_sensitive() =>
        Assert.Null(Decode("{\"inputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[]}"));

    [Fact]
    public void Optional_members_may_be_null()
    {
        var record = Decode("{" + Frame + ",\"FaceSearchResponse\":[],\"StreamProcessorInformation\":null,\"EdgeInformation\":null}");
        Assert.Null(record!.StreamProcessorInformation);
        Assert.Null(record.EdgeInformation);
    }

    [Fact]
    public void Trailing_whitespace_is_accepted() => Assert.NotNull(Decode("{" + Frame + ",\"FaceSearchResponse\":[]} \n"));

    [Theory]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[]}{}")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[],}")]
    [InlineData("{" + Frame + ",\"FaceSearchResponse\":[] /* note */}")]
    public void Anything_but_strict_json_is_rejected_with_its_position(string json)
    {
        Assert.False(MatchRecordCodec.TryDecode(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains("BytePositionInLine", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_number_is_rejected_even_where_the_member_is_optional() =>
        Assert.Null(Decode("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1,\"FrameOffsetInSeconds\":null}},\"FaceSearchResponse\":[]}"));

    [Fact]
    public void Numbers_at_the_edges_of_a_double_are_read_exactly()
    {
        var frame = Decode("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1e308,\"ProducerTimestamp\":-0.0}},\"FaceSearchResponse\":[]}")!.InputInformation.KinesisVideo;
        Assert.Equal(1e308, frame.ServerTimestamp);
        Assert.True(double.IsNegative(frame.ProducerTimestamp));
    }

    [Fact]
    public void Optional_members_of_a_face_may_be_empty_or_null()
    {
        var result = Decode("{" + Frame + ",\"FaceSearchResponse\":[{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1,\"Landmarks\":[]},\"MatchedFaces\":[{\"Similarity\":1,\"Face\":{\"FaceId\":\"f\",\"BoundingBox\":null}}]}]}")!.FaceSearchResponse[0];
        Assert.Empty(result.DetectedFace.Landmarks!);
        Assert.Null(result.MatchedFaces[0].Face.BoundingBox);
    }

    [Fact]
    public void A_null_face_id_is_rejected() =>
        Assert.Null(Decode("{" + Frame + ",\"FaceSearchResponse\":[{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1},\"MatchedFaces\":[{\"Similarity\":1,\"Face\":{\"FaceId\":null}}]}]}"));

    [Fact]
    public void An_error_names_the_path_of_the_member_and_the_element_it_is_in()
    {
        var json = "{" + Frame + ",\"FaceSearchResponse\":[" + Face + ","
            + "{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1},\"MatchedFaces\":[{\"Similarity\":1,\"Face\":{\"FaceId\":7}}]}]}";
        Assert.False(MatchRecordCodec.TryDecode(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.StartsWith("Not a match record: ", error, StringComparison.Ordinal);
        Assert.Contains("$.FaceSearchResponse[1].MatchedFaces[0].Face.FaceId", error, StringComparison.Ordinal);
    }
}
