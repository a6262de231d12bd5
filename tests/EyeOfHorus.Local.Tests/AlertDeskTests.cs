using System.Text.Json;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Tracking;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Local.Tests;

public class AlertDeskTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static Frame Frame(DateTimeOffset at) => new("front-door", 7, at, 640, 480, new byte[Local.Frames.Frame.SizeOf(640, 480)]);
    private static TrackDecision Known(double similarity = 96) => new(1, TrackVerdict.Known, "obama", "portrait.jpg", similarity, 0.97, new FaceBox(200, 100, 160, 180), 2, T0);
    private static TrackDecision Unknown(FaceBox box) => new(2, TrackVerdict.Unknown, null, null, null, 0.95, box, 3, T0);
    private static AlertPolicy Policy() => new(new AlertSettings(), new CameraDirectory(new Dictionary<string, string>()));

    [Fact]
    public void A_known_decision_becomes_the_alert_document_with_its_snapshot_once_per_cooldown()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var output = new StringWriter();
        var desk = new AlertDesk(store, [], new SnapshotStore(dir.File("snapshots"), SnapshotRetention.Default), output);
        var alert = Assert.Single(desk.Submit(Policy(), Known(), Frame(DateTimeOffset.UtcNow)));
        Assert.Empty(desk.Submit(Policy(), Known(), Frame(DateTimeOffset.UtcNow)));

        using var doc = JsonDocument.Parse(alert.Document);
        Assert.Equal("person_recognised", doc.RootElement.GetProperty("event").GetString());
        Assert.Equal("obama", doc.RootElement.GetProperty("person").GetString());
        Assert.Equal("front-door", doc.RootElement.GetProperty("camera").GetString());
        Assert.Equal(96, doc.RootElement.GetProperty("similarity").GetDouble());
        var snapshot = new Uri(doc.RootElement.GetProperty("snapshotUrl").GetString()!);
        Assert.True(snapshot.IsFile && File.Exists(snapshot.LocalPath), snapshot.ToString());
        Assert.Equal([0xFF, 0xD8], File.ReadAllBytes(snapshot.LocalPath).Take(2));
        Assert.Single(Directory.GetFiles(dir.File("snapshots"), "*.jpg", SearchOption.AllDirectories)); // the refused one's snapshot is gone
        Assert.Contains("front-door  person_recognised  obama  96.0%", output.ToString(), StringComparison.Ordinal);
        Assert.Equal((1, 1), (desk.Accepted, desk.CooledDown));
    }

    [Fact]
    public void The_policy_threshold_and_unknown_face_rules_are_the_alerters()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var desk = new AlertDesk(store, [], null, TextWriter.Null);
        Assert.Empty(desk.Submit(Policy(), Unknown(new FaceBox(0, 0, 40, 40)), Frame(T0)));  // smaller than UnknownMinFaceSize
        // Below FaceMatchThreshold (90) the alerter's policy calls a confident, large face unknown.
        var alert = Assert.Single(desk.Submit(Policy(), Known(similarity: 89), Frame(T0)));
        Assert.Equal(("unknown_face", null), (alert.Event, alert.Person));
        Assert.Empty(desk.Submit(Policy(), Unknown(new FaceBox(0, 0, 120, 120)), Frame(T0)));  // same camera, same subject: cooldown
        using var doc = JsonDocument.Parse(alert.Document);
        // The alert document's fields are always present (README "Alerts"): null when there is no value.
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("snapshotUrl").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("person").ValueKind);
    }

    [Fact]
    public void A_stranger_at_the_local_detectors_real_score_alerts_under_horus_runs_settings()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var desk = new AlertDesk(store, [], null, TextWriter.Null);
        // BlazeFace scored biden2.jpg 0.814-0.830 in the end-to-end clip; Rekognition's bar (90) would drop every such face.
        var stranger = Unknown(new FaceBox(230, 94, 214, 214)) with { Score = 0.82 };
        Assert.Empty(desk.Submit(Policy(), stranger, Frame(T0)));
        var local = new AlertPolicy(LocalAlertSettings.Default, new CameraDirectory(new Dictionary<string, string>()));
        // Below the detector's own bar (FaceEngineOptions.MinScore) the policy still refuses it.
        Assert.Empty(desk.Submit(local, stranger with { Score = 0.55 }, Frame(T0)));
        var alert = Assert.Single(desk.Submit(local, stranger, Frame(T0)));
        Assert.Equal(("unknown_face", null), (alert.Event, alert.Person));
    }

    [Fact]
    public void Json_output_is_the_alert_document_one_per_line()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var output = new StringWriter();
        var desk = new AlertDesk(store, [], null, output, ConsoleFormat.Json);
        var alert = Assert.Single(desk.Submit(Policy(), Known(), Frame(T0)));
        Assert.Equal(alert.Document + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void Snapshot_retention_keeps_the_newest_per_camera()
    {
        using var dir = new TempFolder();
        var store = new SnapshotStore(dir.File("snapshots"), new SnapshotRetention(null, 3));
        var paths = Enumerable.Range(0, 5).Select(i => store.Save(Frame(T0.AddSeconds(i)), i)).ToList();
        var kept = Directory.GetFiles(Path.Combine(dir.File("snapshots"), "front-door")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(paths.Skip(2), kept);
    }

    [Fact]
    public void A_known_decision_is_the_match_record_the_stream_processor_would_write()
    {
        var at = T0.AddMilliseconds(455);
        var record = AlertDesk.RecordOf("front-door", Known(), Frame(at));
        var seconds = at.ToUnixTimeMilliseconds() / 1000.0;
        Assert.Equal(1796202000.455, seconds);
        Assert.Equal(new KinesisVideoFrame(seconds, seconds), record.InputInformation.KinesisVideo);
        Assert.Equal(new EdgeInformation("front-door"), record.EdgeInformation);
        Assert.Equal("RUNNING", record.StreamProcessorInformation!.Status);
        var face = Assert.Single(record.FaceSearchResponse);
        // Box (200, 100, 160, 180) in a 640x480 frame, as shares of the frame.
        Assert.Equal(new BoundingBox(0.375, 0.25, 0.3125, 100.0 / 480), face.DetectedFace.BoundingBox);
        Assert.Equal(97, face.DetectedFace.Confidence);
        var match = Assert.Single(face.MatchedFaces);
        Assert.Equal(new MatchedFace(96, new CollectionFace("obama:portrait.jpg", Confidence: 100, ExternalImageId: "obama:portrait.jpg")), match);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_decision_naming_a_person_without_the_photo_matched_is_refused_clearly(string? photo)
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var desk = new AlertDesk(store, [], null, TextWriter.Null);
        var ex = Assert.Throws<ArgumentException>(() => desk.Submit(Policy(), Known() with { Photo = photo }, Frame(T0)));
        Assert.Equal("decision", ex.ParamName);
        Assert.StartsWith("The decision of track 1 names obama but not the gallery photo matched.", ex.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (desk.Accepted, desk.CooledDown));
    }

    [Fact]
    public void A_person_and_photo_outside_the_plain_characters_are_encoded_as_the_alerter_decodes_them()
    {
        var record = AlertDesk.RecordOf("front-door", Known() with { Person = "José Ng", Photo = "day 1.jpg" }, Frame(T0));
        var match = Assert.Single(Assert.Single(record.FaceSearchResponse).MatchedFaces);
        Assert.Equal("Jos_C3_A9_20Ng:day_201.jpg", match.Face.FaceId);
        Assert.Equal(match.Face.FaceId, match.Face.ExternalImageId);
        Assert.Equal(new EyeOfHorus.Recognition.FaceIdentity("José Ng", "day 1.jpg"), EyeOfHorus.Recognition.FaceNaming.Decode(match.Face.ExternalImageId));
    }

    [Fact]
    public void An_unknown_decision_is_a_record_without_matches()
    {
        var record = AlertDesk.RecordOf("garage", Unknown(new FaceBox(0, 0, 320, 240)), Frame(T0));
        var face = Assert.Single(record.FaceSearchResponse);
        Assert.Empty(face.MatchedFaces);
        Assert.Equal(new BoundingBox(0.5, 0.5, 0, 0), face.DetectedFace.BoundingBox);
        Assert.Equal((95.0, "garage"), (face.DetectedFace.Confidence, record.EdgeInformation!.Camera));
    }

    [Fact]
    public void Detection_scores_become_percentages_rounded_to_two_places()
    {
        Assert.Equal(12.35, LocalAlertSettings.DetectionPercent(0.123456));
        Assert.Equal(82, LocalAlertSettings.DetectionPercent(0.82));
        Assert.Equal(100, LocalAlertSettings.DetectionPercent(1));
    }

    [Fact]
    public void The_console_line_names_time_camera_event_person_similarity_and_snapshot()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var output = new StringWriter();
        var at = DateTimeOffset.UtcNow;
        var desk = new AlertDesk(store, [], null, output);
        var known = Assert.Single(desk.Submit(Policy(), Known(96.04), Frame(at)));
        var time = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{time}  front-door  person_recognised  obama  96.0%", known.Text);
        var stranger = Assert.Single(desk.Submit(Policy(), Unknown(new FaceBox(0, 0, 200, 200)), Frame(at)));
        Assert.Equal($"{time}  front-door  unknown_face  unknown face", stranger.Text);
        Assert.Equal(known.Text + Environment.NewLine + stranger.Text + Environment.NewLine, output.ToString());
        Assert.Equal((2, 0), (desk.Accepted, desk.CooledDown));
    }

    [Fact]
    public async Task No_console_output_prints_nothing_and_an_accepted_alert_is_queued_for_every_sink()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var output = new StringWriter();
        await using var webhook = new WebhookSink(new Uri("http://127.0.0.1:9/hook"));
        var worker = new DeliveryWorker(store, webhook);
        var desk = new AlertDesk(store, [worker], null, output, ConsoleFormat.None);
        Assert.Single(desk.Submit(Policy(), Known(), Frame(T0)));
        Assert.Empty(output.ToString());
        Assert.Equal(1, store.PendingCount("webhook"));
    }

    [Fact]
    public async Task An_alert_the_database_cannot_store_is_still_printed_named_in_the_log_and_the_camera_goes_on()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var output = new StringWriter();
        var errors = new StringWriter();
        await using var webhook = new WebhookSink(new Uri("http://127.0.0.1:9/hook"));
        var desk = new AlertDesk(store, [new DeliveryWorker(store, webhook)], null, output, errors: errors);
        // Another program holds the database's write lock (a sqlite3 shell left open): the write gives up after busy_timeout.
        using (DatabaseLock.Hold(store.Path))
        {
            Assert.Empty(desk.Submit(Policy(), Known(), Frame(T0)));
        }
        Assert.Equal("2026-12-02 09:00:00.000Z  front-door  person_recognised  obama  96.0%" + Environment.NewLine, output.ToString());
        var error = Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"front-door: the alert for track 1 could not be stored in {store.Path} (", error, StringComparison.Ordinal);
        Assert.Contains("database is locked", error, StringComparison.Ordinal);
        Assert.EndsWith("); it is shown here only, not sent to webhook", error, StringComparison.Ordinal);
        Assert.Equal((0, 0, 1), (desk.Accepted, desk.CooledDown, desk.Unstored));
        Assert.Empty(store.Alerts());

        // The lock is gone: the next decision is stored (the failed one claimed no cooldown) and queued for the webhook.
        var alert = Assert.Single(desk.Submit(Policy(), Known(), Frame(T0)));
        Assert.Equal(alert.Id, Assert.Single(store.Alerts()).Id);
        Assert.Equal(1, store.PendingCount("webhook"));
        Assert.Equal((1, 0, 1), (desk.Accepted, desk.CooledDown, desk.Unstored));
    }

    [Fact]
    public async Task Without_webhook_or_mqtt_an_alert_the_database_refuses_reaches_no_other_sink_and_with_both_neither()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        await using var webhook = new WebhookSink(new Uri("http://127.0.0.1:9/hook"));
        await using var mqtt = new MqttSink(new MqttSettings(new Uri("mqtt://127.0.0.1:9")));
        var alone = new StringWriter();
        var both = new StringWriter();
        using (DatabaseLock.Hold(store.Path))
        {
            new AlertDesk(store, [], null, TextWriter.Null, errors: alone).Submit(Policy(), Known(), Frame(T0));
            new AlertDesk(store, [new DeliveryWorker(store, webhook), new DeliveryWorker(store, mqtt)], null, TextWriter.Null, errors: both).Submit(Policy(), Known(), Frame(T0));
        }
        Assert.EndsWith("; it is shown here only, not sent to any other sink" + Environment.NewLine, alone.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("; it is shown here only, not sent to webhook or mqtt" + Environment.NewLine, both.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_the_disk_cannot_hold_leaves_the_alert_without_one_and_says_so()
    {
        using var dir = new TempFolder();
        using var store = dir.OpenStore();
        var errors = new StringWriter();
        var desk = new AlertDesk(store, [], new SnapshotStore(dir.File("snapshots"), SnapshotRetention.Default), TextWriter.Null, errors: errors);
        // The snapshot's own path leads to /dev/full, where every write fails with ENOSPC, as on a full disk.
        var path = Path.Combine(dir.File("snapshots"), "front-door", "20261202T090000.000Z-000007-t1.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, "/dev/full");

        var alert = Assert.Single(desk.Submit(Policy(), Known(), Frame(T0)));
        Assert.Null(alert.SnapshotPath);
        using var doc = JsonDocument.Parse(alert.Document);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("snapshotUrl").ValueKind);
        var error = Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("front-door: the snapshot of track 1 was not saved (", error, StringComparison.Ordinal);
        Assert.EndsWith("); the alert goes without it", error, StringComparison.Ordinal);
        Assert.Equal((1, 0), (desk.Accepted, desk.Unstored));
    }
}
