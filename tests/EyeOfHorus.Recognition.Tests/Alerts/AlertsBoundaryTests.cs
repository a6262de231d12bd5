using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Faces;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Alerts;

/// <summary>
/// The decisions users tune, at their exact edges, and a warm policy (one instance for many
/// records, as in a Lambda that stays up) seeing interleaved cameras and repeated faces.
/// </summary>
public class AlertsBoundaryTests
{
    private static readonly CameraDirectory Cameras = CameraDirectory.Parse("front-door=eye-of-horus-front-door,garage=eye-of-horus-garage");
    private static readonly DateTimeOffset Fallback = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string FrontDoorArn = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-front-door/1604277868692";
    private const string GarageArn = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-garage/1604277868693";

    private static MatchRecord Record(string? arn, params FaceSearchResult[] faces) =>
        new(new InputInformation(new KinesisVideoFrame(1605467332.479, 1605467330.93, arn, "1", 0.5)), faces);

    private static FaceSearchResult Face(double confidence, double size, params (double Similarity, string? ExternalImageId)[] matches) =>
        new(new DetectedFace(new BoundingBox(Math.Sqrt(size), Math.Sqrt(size), 0, 0), confidence),
            [.. matches.Select(m => new MatchedFace(m.Similarity, new CollectionFace("face-" + m.Similarity, ExternalImageId: m.ExternalImageId)))]);

    [Theory]
    [InlineData(90, 90, "Bob")]
    [InlineData(89.999, 90, null)]
    [InlineData(80, 80, "Bob")]
    [InlineData(80.5, 81, null)]
    public void A_best_match_exactly_at_the_threshold_is_the_person(double similarity, double threshold, string? person)
    {
        var policy = new AlertPolicy(new AlertSettings { FaceMatchThreshold = threshold }, Cameras);

        var sighting = Assert.Single(policy.Decide(Record(FrontDoorArn, Face(99, 0.1, (similarity, FaceNaming.Encode("Bob", "b.jpg")))), Fallback));

        Assert.Equal(person, sighting.Subject.Person);
        Assert.Equal(person is null ? null : similarity, sighting.Similarity);
        Assert.Equal(person is null ? null : "face-" + similarity, sighting.FaceId);
    }

    [Theory]
    [InlineData(80, 80, 0.0625, 0.0625, true)]
    [InlineData(79.99, 80, 0.0625, 0.0625, false)]
    [InlineData(80, 80, 0.0624, 0.0625, false)]
    public void The_unknown_face_limits_are_the_configured_ones(double confidence, double minConfidence, double size, double minSize, bool alerts)
    {
        var policy = new AlertPolicy(new AlertSettings { UnknownMinConfidence = minConfidence, UnknownMinFaceSize = minSize }, Cameras);
        Assert.Equal(alerts, policy.Decide(Record(FrontDoorArn, Face(confidence, size)), Fallback).Count == 1);
    }

    [Fact]
    public void Of_equal_matches_the_first_listed_wins_and_of_equal_faces_the_first_seen()
    {
        var policy = new AlertPolicy(new AlertSettings(), Cameras);
        var tie = policy.Decide(Record(FrontDoorArn, Face(99, 0.1, (95, "Ann:1.jpg"), (95, "Bob:1.jpg"))), Fallback);
        Assert.Equal("Ann", Assert.Single(tie).Subject.Person);

        var twoFaces = policy.Decide(Record(FrontDoorArn, Face(97, 0.1, (95, "Ann:1.jpg")), Face(98, 0.1, (95, "Ann:2.jpg"))), Fallback);
        Assert.Equal(97, Assert.Single(twoFaces).Confidence);
        var unknowns = policy.Decide(Record(FrontDoorArn, Face(97, 0.1), Face(97, 0.2)), Fallback);
        Assert.Equal(97, Assert.Single(unknowns).Confidence);
    }

    [Fact]
    public void Only_unknown_faces_when_only_that_event_is_enabled()
    {
        var policy = new AlertPolicy(new AlertSettings { Events = new HashSet<string> { AlertEvents.UnknownFace } }, Cameras);
        var sightings = policy.Decide(Record(FrontDoorArn, Face(99, 0.1, (95, "Ann:1.jpg")), Face(99, 0.1)), Fallback);
        Assert.Equal(AlertSubject.Unknown, Assert.Single(sightings).Subject);
        Assert.Empty(new AlertPolicy(new AlertSettings { Events = new HashSet<string>() }, Cameras).Decide(Record(FrontDoorArn, Face(99, 0.1)), Fallback));
    }

    [Fact]
    public void A_face_without_any_id_is_an_unnamed_face()
    {
        Assert.Equal("unnamed face", MatchReading.PersonLabel(new CollectionFace(null!)));
        Assert.Equal("unnamed face", MatchReading.PersonLabel(new CollectionFace("", ExternalImageId: "")));
        Assert.Equal("face f-1", MatchReading.PersonLabel(new CollectionFace("f-1", ExternalImageId: "")));
        Assert.Equal("x:y_4", MatchReading.PersonLabel(new CollectionFace("f-1", ExternalImageId: "x:y_4")));
    }

    [Fact]
    public void A_warm_policy_keeps_cameras_and_people_apart_across_interleaved_records()
    {
        var policy = new AlertPolicy(new AlertSettings(), Cameras);
        // Distinct string instances per record, as a decoder without a cache would hand out.
        string Fresh(string s) => new([.. s]);
        var order = new[] { FrontDoorArn, GarageArn, GarageArn, FrontDoorArn, "arn:aws:kinesisvideo:eu-west-1:1:stream/porch/1", FrontDoorArn, GarageArn };
        var expected = new[] { "front-door", "garage", "garage", "front-door", "porch", "front-door", "garage" };
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < order.Length; i++)
            {
                var arn = round == 0 ? order[i] : Fresh(order[i]);
                var person = i % 2 == 0 ? "Ann" : "Bob";
                var sighting = Assert.Single(policy.Decide(Record(arn, Face(99, 0.1, (95, FaceNaming.Encode(person, "p.jpg")))), Fallback));
                Assert.Equal((expected[i], person), (sighting.Camera, sighting.Subject.Person));
                Assert.Equal(expected[i], Cameras.CameraOf(Record(arn)));
            }
        }
    }

    [Theory]
    [InlineData("arn:aws:kinesisvideo:eu-west-1:1:stream/cam/1", "cam")]
    [InlineData("arn:aws:kinesisvideo:eu-west-1:1:stream/cam", "cam")]
    [InlineData("arn:aws:kinesisvideo:eu-west-1:1:stream", "arn:aws:kinesisvideo:eu-west-1:1:stream")]
    [InlineData("arn:aws:kinesisvideo:eu-west-1:1:stream/", "arn:aws:kinesisvideo:eu-west-1:1:stream/")]
    [InlineData("arn:aws:kinesisvideo:eu-west-1:1:channel/cam/1", "arn:aws:kinesisvideo:eu-west-1:1:channel/cam/1")]
    [InlineData("stream/cam/1", "cam")]
    [InlineData("", "")]
    public void Stream_names_come_only_from_stream_resources(string arn, string name) =>
        Assert.Equal(name, CameraDirectory.StreamName(arn));

    [Fact]
    public void A_frame_time_is_the_fragment_time_plus_offset_in_whole_milliseconds()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1605467333480), MatchReading.FrameTime(new KinesisVideoFrame(1605467399, 1605467332.4796, FrameOffsetInSeconds: 1.0), Fallback));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1), MatchReading.FrameTime(new KinesisVideoFrame(0, 0.001), Fallback));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(253402300798), MatchReading.FrameTime(new KinesisVideoFrame(253402300798, 0), Fallback));
        Assert.Equal(Fallback, MatchReading.FrameTime(new KinesisVideoFrame(253402300799, 0), Fallback));
        Assert.Equal(Fallback, MatchReading.FrameTime(new KinesisVideoFrame(double.NaN, double.NaN), Fallback));
        Assert.Equal(Fallback, MatchReading.FrameTime(new KinesisVideoFrame(0, double.PositiveInfinity), Fallback));
    }

    [Fact]
    public void A_single_unindexed_face_without_reasons_still_says_why()
    {
        Assert.Equal((PhotoRejection.LowQuality, "the face was not indexed"), FaceCount.Judge(0, [[]]));
        Assert.Equal((PhotoRejection.NoFace, "no face detected"), FaceCount.Judge(0, []));
    }
}
