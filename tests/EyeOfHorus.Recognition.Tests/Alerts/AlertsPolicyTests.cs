using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Alerts;

public class AlertsPolicyTests
{
    private static readonly CameraDirectory Cameras = CameraDirectory.Parse("front-door=eye-of-horus-front-door, garage=eye-of-horus-garage");
    private static readonly DateTimeOffset Fallback = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static MatchRecord Record(string? arn, params FaceSearchResult[] faces) =>
        new(new InputInformation(new KinesisVideoFrame(1605467332.479, 1605467330.93, arn, "1", 0.5)), faces);

    private static FaceSearchResult Face(double confidence, double size, params (double Similarity, string? ExternalImageId)[] matches) =>
        new(new DetectedFace(new BoundingBox(Math.Sqrt(size), Math.Sqrt(size), 0, 0), confidence),
            [.. matches.Select(m => new MatchedFace(m.Similarity, new CollectionFace("face-" + m.Similarity, ExternalImageId: m.ExternalImageId)))]);

    private static AlertPolicy Policy(AlertSettings? settings = null) => new(settings ?? new AlertSettings(), Cameras);

    private const string FrontDoorArn = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-front-door/1604277868692";

    [Theory]
    [InlineData(FrontDoorArn, "front-door")]
    [InlineData("arn:aws:kinesisvideo:eu-west-1:1:stream/eye-of-horus-garage/1", "garage")]
    [InlineData("arn:aws:kinesisvideo:eu-west-1:1:stream/someone-elses/1", "someone-elses")]
    [InlineData("not an arn", "not an arn")]
    public void The_camera_comes_from_the_stream_name_in_the_arn(string arn, string camera) =>
        Assert.Equal(camera, Cameras.CameraOf(Record(arn)));

    [Fact]
    public void The_edge_producers_camera_wins()
    {
        var record = Record(FrontDoorArn) with { EdgeInformation = new EdgeInformation("porch") };
        Assert.Equal("porch", Cameras.CameraOf(record));
    }

    [Theory]
    [InlineData("front-door")]
    [InlineData("front-door=")]
    [InlineData("a=s,b=s")]
    public void Malformed_camera_streams_are_refused(string value) =>
        Assert.Throws<FormatException>(() => CameraDirectory.Parse(value));

    [Fact]
    public void A_match_at_the_threshold_is_the_person_decoded_from_the_external_image_id()
    {
        var sighting = Assert.Single(Policy().Decide(Record(FrontDoorArn, Face(99, 0.1, (90, FaceNaming.Encode("Zoë O'Brien", "a.jpg")), (95, FaceNaming.Encode("Bob", "b.jpg")))), Fallback));
        Assert.Equal(AlertSubject.Known("Bob"), sighting.Subject);
        Assert.Equal(95, sighting.Similarity);
        Assert.Equal("front-door", sighting.Camera);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1605467331430), sighting.Time); // ProducerTimestamp + FrameOffsetInSeconds
        Assert.Equal("front-door|person|Bob", sighting.CooldownKey);
    }

    [Theory]
    [InlineData("matchedImage.jpeg", "matchedImage.jpeg")]
    [InlineData(null, "face face-99")]
    [InlineData("Alice_20Smith:x.jpg", "Alice Smith")]
    public void A_person_falls_back_to_the_raw_id(string? externalImageId, string person) =>
        Assert.Equal(AlertSubject.Known(person), Assert.Single(Policy().Decide(Record(FrontDoorArn, Face(99, 0.1, (99, externalImageId))), Fallback)).Subject);

    [Theory]
    [InlineData(89.99, 0.5, false)]
    [InlineData(90, 0.02, true)]
    [InlineData(99, 0.0199, false)]
    public void Unknown_faces_need_minimum_confidence_and_size(double confidence, double size, bool alerts) =>
        Assert.Equal(alerts, Policy().Decide(Record(FrontDoorArn, Face(confidence, size)), Fallback).Count == 1);

    [Fact]
    public void A_match_below_the_threshold_is_an_unknown_face()
    {
        var sighting = Assert.Single(Policy().Decide(Record(FrontDoorArn, Face(99, 0.1, (89.9, "Bob:b.jpg"))), Fallback));
        Assert.Equal(AlertSubject.Unknown, sighting.Subject);
        Assert.Equal("front-door|unknown", sighting.CooldownKey);
    }

    [Fact]
    public void One_sighting_per_subject_per_record_the_strongest_and_only_enabled_events()
    {
        var record = Record(FrontDoorArn, Face(99, 0.1), Face(95, 0.1), Face(99, 0.1, (92, "Bob:1.jpg")), Face(99, 0.1, (97, "Bob:2.jpg")));
        var sightings = Policy().Decide(record, Fallback);
        Assert.Equal(2, sightings.Count);
        Assert.Equal(97, sightings.Single(s => s.Subject.Person == "Bob").Similarity);
        Assert.Equal(99, sightings.Single(s => s.Subject.Person is null).Confidence);
        var knownOnly = Policy(new AlertSettings { Events = new HashSet<string> { AlertEvents.PersonRecognised } }).Decide(record, Fallback);
        Assert.Equal(AlertEvents.PersonRecognised, Assert.Single(knownOnly).Subject.Event);
    }

    [Theory]
    [InlineData(0, 0, 0, "fallback")]
    [InlineData(0, 1605467330.93, 0, "1605467330930")]
    [InlineData(1605467399, 1605467330.93, 0.5, "1605467331430")] // the producer's fragment time wins over the server's
    [InlineData(1605467330.43, 0, 0.5, "1605467330930")] // no producer time: the server's
    [InlineData(1e300, 0, 0, "fallback")]
    [InlineData(-5, 0, 0, "fallback")]
    [InlineData(0, 0, 1605467330.93, "fallback")] // an offset alone is not a time
    public void The_frame_time_is_the_fragments_plus_the_offset_and_falls_back_when_absent_or_absurd(double server, double producer, double offset, string expected)
    {
        var time = MatchReading.FrameTime(new KinesisVideoFrame(server, producer, FrameOffsetInSeconds: offset), Fallback);
        Assert.Equal(expected == "fallback" ? Fallback : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), time);
    }

    [Fact]
    public void An_unlisted_stream_named_for_a_camera_is_that_camera() =>
        Assert.Equal("attic", Cameras.CameraOf(Record("arn:aws:kinesisvideo:eu-west-1:1:stream/eye-of-horus-attic/1")));

    [Fact]
    public void A_best_match_under_the_threshold_is_no_match_for_the_reading_and_the_policy()
    {
        var reading = new MatchReading(Cameras, 90);
        var weak = Face(99, 0.1, (89.9, FaceNaming.Encode("Bob", "b.jpg")));
        var face = reading.ReadFace(weak);
        Assert.Null(face.Person);
        Assert.Null(face.BestMatch);
        Assert.Equal(AlertSubject.Unknown, Assert.Single(Policy().Decide(Record(FrontDoorArn, weak), Fallback)).Subject);
        var known = new MatchReading(Cameras, 80).ReadFace(weak);
        Assert.Equal("Bob", known.Person);
        Assert.Equal(new FaceIdentity("Bob", "b.jpg"), known.Identity);
        Assert.Equal(89.9, known.Similarity);
    }

    [Fact]
    public void Cooldown_keys_cannot_collide_through_separators()
    {
        Assert.NotEqual(CooldownKeys.For("a|person", AlertSubject.Known("b")), CooldownKeys.For("a", AlertSubject.Known("person|b")));
        Assert.NotEqual(CooldownKeys.For("a|unknown", AlertSubject.Unknown), CooldownKeys.For("a", AlertSubject.Known("unknown")));
        Assert.Equal("a%7Cb%25|person|c", CooldownKeys.For("a|b%", AlertSubject.Known("c")));
    }
}
