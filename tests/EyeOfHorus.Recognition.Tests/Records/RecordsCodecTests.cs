using System.Text;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Records;

public class RecordsCodecTests
{
    internal static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Records", "vectors", name));

    private static MatchRecord Decode(byte[] bytes)
    {
        Assert.True(MatchRecordCodec.TryDecode(bytes, out var record, out var error), error);
        Assert.Null(error);
        return record!;
    }

    [Fact]
    public void Decodes_the_aws_documentation_example()
    {
        var record = Decode(Vector("awsdocs-devguide-streaming-video-kinesis-output.json"));
        var frame = record.InputInformation.KinesisVideo;
        Assert.Equal("arn:aws:kinesisvideo:us-west-2:nnnnnnnnnnnn:stream/stream-name", frame.StreamArn);
        Assert.Equal("91343852333289682796718532614445757584843717598", frame.FragmentNumber);
        Assert.Equal(1510552593.455, frame.ServerTimestamp);
        Assert.Equal(1510552593.193, frame.ProducerTimestamp);
        Assert.Equal(2, frame.FrameOffsetInSeconds);
        Assert.Equal("RUNNING", record.StreamProcessorInformation?.Status);
        var result = Assert.Single(record.FaceSearchResponse);
        Assert.Equal(99.975174, result.DetectedFace.Confidence);
        Assert.Equal(new BoundingBox(0.075, 0.05625, 0.428125, 0.40833333), result.DetectedFace.BoundingBox);
        Assert.Equal(["eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight"], result.DetectedFace.Landmarks!.Select(l => l.Type));
        Assert.Equal(new Pose(2.9691637, -6.8904796, 23.84388), result.DetectedFace.Pose);
        Assert.Equal(new ImageQuality(40.592964, 96.09616), result.DetectedFace.Quality);
        var match = Assert.Single(result.MatchedFaces);
        Assert.Equal(88.863960, match.Similarity);
        Assert.Equal("ed1b560f-d6af-5158-989a-ff586c931545", match.Face.FaceId);
        Assert.Equal("70e09693-2114-57e1-807c-50b6d61fa4dc", match.Face.ImageId);
        Assert.Equal("matchedImage.jpeg", match.Face.ExternalImageId);
        Assert.Equal(99.999201, match.Face.Confidence);
        Assert.Null(record.EdgeInformation);
    }

    [Fact]
    public void Decodes_scientific_notation_noisy_floats_and_an_unknown_face()
    {
        var record = Decode(Vector("real-shape-unknown-face.json"));
        var frame = record.InputInformation.KinesisVideo;
        Assert.Equal(1605467332.479, frame.ServerTimestamp);
        Assert.Equal(1605467330.93, frame.ProducerTimestamp);
        Assert.Equal(3.2690000534057617, frame.FrameOffsetInSeconds);
        Assert.Equal(47, frame.FragmentNumber!.Length);
        Assert.EndsWith("/eye-of-horus-front-door/1604277868692", frame.StreamArn, StringComparison.Ordinal);
        var result = Assert.Single(record.FaceSearchResponse);
        Assert.Empty(result.MatchedFaces);
        Assert.Equal(99.99974060058594, result.DetectedFace.Confidence);
    }

    [Fact]
    public void Decodes_a_match_without_external_image_id_and_ignores_unknown_members()
    {
        var record = Decode(Vector("real-shape-known-person.json"));
        var result = Assert.Single(record.FaceSearchResponse);
        Assert.Equal(100.0, result.DetectedFace.Confidence);
        Assert.Equal(0.0, record.InputInformation.KinesisVideo.FrameOffsetInSeconds);
        Assert.Equal(2, result.MatchedFaces.Count);
        Assert.Equal("Alice_20Smith:front.jpg", result.MatchedFaces[0].Face.ExternalImageId);
        Assert.Equal(new FaceIdentity("Alice Smith", "front.jpg"), FaceNaming.Decode(result.MatchedFaces[0].Face.ExternalImageId));
        Assert.Null(result.MatchedFaces[1].Face.ExternalImageId);
        Assert.Equal("7f2d9a51-2c4e-4d8b-8a0e-6b1c2e3f4a5b", result.MatchedFaces[1].Face.FaceId);
    }

    [Theory]
    [InlineData("awsdocs-devguide-streaming-video-kinesis-output.json")]
    [InlineData("real-shape-unknown-face.json")]
    [InlineData("real-shape-known-person.json")]
    public void Encode_then_decode_keeps_every_modelled_member(string vector)
    {
        var first = Decode(Vector(vector));
        var encoded = MatchRecordCodec.Encode(first);
        var second = Decode(encoded);
        Assert.Equal(encoded, MatchRecordCodec.Encode(second));
        Assert.Equal(first.InputInformation, second.InputInformation);
        Assert.Equal(first.FaceSearchResponse.Count, second.FaceSearchResponse.Count);
    }

    [Fact]
    public void Encode_writes_the_aws_member_names_and_order_and_omits_absent_optionals()
    {
        var record = new MatchRecord(
            new InputInformation(new KinesisVideoFrame(1.5e9, 1.5e9, "arn:aws:kinesisvideo:us-east-1:1:stream/s/1")),
            [new FaceSearchResult(new DetectedFace(new BoundingBox(0.1, 0.2, 0.3, 0.4), 99.5),
                [new MatchedFace(97.25, new CollectionFace("face-1"))])],
            new StreamProcessorInformation("RUNNING"));
        var json = Encoding.UTF8.GetString(MatchRecordCodec.Encode(record));
        Assert.Equal(
            """{"InputInformation":{"KinesisVideo":{"StreamArn":"arn:aws:kinesisvideo:us-east-1:1:stream/s/1","ServerTimestamp":1500000000,"ProducerTimestamp":1500000000,"FrameOffsetInSeconds":0}},"FaceSearchResponse":[{"DetectedFace":{"BoundingBox":{"Height":0.1,"Width":0.2,"Left":0.3,"Top":0.4},"Confidence":99.5},"MatchedFaces":[{"Similarity":97.25,"Face":{"FaceId":"face-1","Confidence":0}}]}],"StreamProcessorInformation":{"Status":"RUNNING"}}""",
            json);
    }

    [Fact]
    public void Edge_information_round_trips_and_can_stand_in_for_the_stream_arn()
    {
        var record = new MatchRecord(
            new InputInformation(new KinesisVideoFrame(1.7e9, 1.7e9)),
            [new FaceSearchResult(new DetectedFace(new BoundingBox(0.3, 0.2, 0.1, 0.1), 99.9), [])],
            EdgeInformation: new EdgeInformation("garage", "snapshots/garage/2026/1.jpg"));
        var decoded = Decode(MatchRecordCodec.Encode(record));
        Assert.Equal(new EdgeInformation("garage", "snapshots/garage/2026/1.jpg"), decoded.EdgeInformation);
        Assert.Null(decoded.InputInformation.KinesisVideo.StreamArn);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted()
    {
        var bytes = "\uFEFF"u8.ToArray().Concat(Vector("real-shape-unknown-face.json")).ToArray();
        Decode(bytes);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "Not a match record")]
    [InlineData("null", "JSON null")]
    [InlineData("[]", "Not a match record")]
    [InlineData("{\"InputInformation\":", "Not a match record")]
    [InlineData("{}", "InputInformation")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}}}", "FaceSearchResponse")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":null}", "FaceSearchResponse")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":\"1\",\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[]}", "ServerTimestamp")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[null]}", "null element")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1},\"MatchedFaces\":[null]}]}", "MatchedFaces")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[{\"MatchedFaces\":[]}]}", "DetectedFace")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[]}", "names no camera")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1.6E900,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[]}", "out of the range")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\"a\",\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[{\"DetectedFace\":{\"BoundingBox\":{\"Height\":1,\"Width\":1,\"Left\":0,\"Top\":0},\"Confidence\":1},\"MatchedFaces\":[{\"Similarity\":-1e999,\"Face\":{\"FaceId\":\"f\"}}]}]}", "out of the range")]
    [InlineData("{\"InputInformation\":{\"KinesisVideo\":{\"ServerTimestamp\":1,\"ProducerTimestamp\":1}},\"FaceSearchResponse\":[],\"EdgeInformation\":{\"Camera\":\"\"}}", "Camera is empty")]
    public void Malformed_records_give_a_clear_error_and_no_record(string json, string expected)
    {
        Assert.False(MatchRecordCodec.TryDecode(Encoding.UTF8.GetBytes(json), out var record, out var error));
        Assert.Null(record);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_not_an_exception()
    {
        byte[] bytes = [.. "{\"InputInformation\":{\"KinesisVideo\":{\"StreamArn\":\""u8, 0xC3, 0x28, .. "\"}}}"u8];
        Assert.False(MatchRecordCodec.TryDecode(bytes, out _, out var error));
        Assert.StartsWith("Not a match record", error, StringComparison.Ordinal);
    }
}
