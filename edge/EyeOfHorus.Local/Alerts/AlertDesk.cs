using System.Globalization;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.State;
using EyeOfHorus.Local.Tracking;
using EyeOfHorus.Recognition;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;
using Microsoft.Data.Sqlite;

namespace EyeOfHorus.Local.Alerts;

/// <summary>How accepted alerts are shown on this process's own output.</summary>
public enum ConsoleFormat { Text, Json, None }

/// <summary>
/// Turns a track's decision into alerts with the MatchAlerter's own domain code: the decision is
/// written as a match record in the stream processor's shape, <see cref="AlertPolicy"/> judges it
/// (threshold, unknown-face rules, enabled events), and each sighting is accepted or refused by the
/// cooldown in the <see cref="LocalStore"/>. An accepted alert is printed, its snapshot kept, and it
/// waits in the outbox for the webhook and MQTT workers, which this never waits for.
/// When the state folder cannot be written (disk full, the database locked by another program) the
/// alert is still printed, the failure goes to <paramref name="errors"/>, and the camera goes on: a
/// snapshot that cannot be saved leaves the alert without one; an alert that cannot be stored is shown
/// here only (the webhook and MQTT get it only through the outbox) and counted in <see cref="Unstored"/>.
/// </summary>
public sealed class AlertDesk(
    LocalStore store,
    IReadOnlyList<DeliveryWorker> workers,
    SnapshotStore? snapshots,
    TextWriter output,
    ConsoleFormat format = ConsoleFormat.Text,
    TimeProvider? time = null,
    TextWriter? errors = null)
{
    private readonly TextWriter _errors = errors ?? TextWriter.Null;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _outputLock = new();
    private readonly IReadOnlyList<string> _sinks = [.. workers.Select(w => w.Sink)];
    private long _accepted, _cooledDown, _unstored;

    public long Accepted => Interlocked.Read(ref _accepted);
    public long CooledDown => Interlocked.Read(ref _cooledDown);

    /// <summary>Alerts the policy and cooldown let through that could not be written to the state database.</summary>
    public long Unstored => Interlocked.Read(ref _unstored);

    /// <summary>The decision as the match record the other producers would write for this frame.</summary>
    public static MatchRecord RecordOf(string camera, TrackDecision decision, Frame frame)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(frame);
        var b = decision.Box;
        var box = new BoundingBox(b.Height / frame.Height, b.Width / frame.Width, b.X / frame.Width, b.Y / frame.Height);
        IReadOnlyList<MatchedFace> matches = [];
        if (decision.Person is { } person)
        {
            // The face id names the gallery photo matched, as the alerter's collection ids do: a decision naming a person without it is a caller's error.
            var photo = decision.Photo is { Length: > 0 } p ? p : throw new ArgumentException($"The decision of track {decision.TrackId} names {person} but not the gallery photo matched.", nameof(decision));
            var faceId = FaceNaming.Encode(person, photo);
            matches = [new MatchedFace(decision.Similarity ?? 0, new CollectionFace(faceId, Confidence: 100, ExternalImageId: faceId))];
        }
        var seconds = frame.Time.ToUnixTimeMilliseconds() / 1000.0;
        return new MatchRecord(
            new InputInformation(new KinesisVideoFrame(seconds, seconds)),
            [new FaceSearchResult(new DetectedFace(box, LocalAlertSettings.DetectionPercent(decision.Score)), matches)],
            new StreamProcessorInformation("RUNNING"),
            new EdgeInformation(camera));
    }

    /// <summary>Judges one decision; returns the alerts accepted (none when the policy or the cooldown says no).</summary>
    public IReadOnlyList<StoredAlert> Submit(AlertPolicy policy, TrackDecision decision, Frame frame)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var record = RecordOf(frame.Camera, decision, frame);
        var accepted = new List<StoredAlert>();
        foreach (var sighting in policy.Decide(record, _time.GetUtcNow()))
        {
            var snapshot = SaveSnapshot(frame, decision.TrackId);
            var message = AlertMessage.Compose(sighting, snapshot is null ? null : new Uri(snapshot));
            var line = ConsoleLine(sighting, snapshot);
            var (alert, failure) = Store(sighting, policy.Settings.Cooldown, line, message.Document, snapshot);
            if (failure is not null)
            {
                Interlocked.Increment(ref _unstored);
                Error($"{sighting.Camera}: the alert for track {decision.TrackId} could not be stored in {store.Path} ({failure}); it is shown here only, not sent to {Sinks}");
                Print(line, message.Document);
                continue;
            }
            if (alert is null)
            {
                Interlocked.Increment(ref _cooledDown);
                if (snapshot is not null) SnapshotStore.Delete(snapshot);
                continue;
            }
            Interlocked.Increment(ref _accepted);
            accepted.Add(alert);
            Print(alert.Text, alert.Document);
            foreach (var w in workers) w.Notify();
        }
        return accepted;
    }

    private string Sinks => _sinks.Count == 0 ? "any other sink" : string.Join(" or ", _sinks);

    // The snapshot's path, or null without a snapshot store or when it cannot be written (the alert goes on without it).
    private string? SaveSnapshot(Frame frame, long trackId)
    {
        if (snapshots is null) return null;
        try { return snapshots.Save(frame, trackId); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Error($"{frame.Camera}: the snapshot of track {trackId} was not saved ({ex.Message}); the alert goes without it");
            return null;
        }
    }

    // The accepted alert (null while cooling down), or why the state database refused the write.
    private (StoredAlert? Alert, string? Failure) Store(Sighting sighting, TimeSpan cooldown, string line, string document, string? snapshot)
    {
        try
        {
            return (store.TryAccept(sighting.CooldownKey, cooldown, _time.GetUtcNow(), sighting.Camera, sighting.Subject.Event,
                sighting.Subject.Person, sighting.Time, line, document, snapshot, _sinks), null);
        }
        catch (SqliteException ex) // the driver reports disk full, locked and read-only files as SQLite errors
        {
            return (null, ex.Message);
        }
    }

    private void Error(string message)
    {
        lock (_outputLock)
        {
            _errors.WriteLine(message);
            _errors.Flush();
        }
    }

    private void Print(string text, string document)
    {
        if (format == ConsoleFormat.None) return;
        lock (_outputLock)
        {
            output.WriteLine(format == ConsoleFormat.Json ? document : text);
            output.Flush();
        }
    }

    /// <summary><c>2026-12-02 09:12:03.455Z  front-door  person_recognised  obama  97.1%  /var/lib/horus/snapshots/...jpg</c></summary>
    public static string ConsoleLine(Sighting sighting, string? snapshot)
    {
        ArgumentNullException.ThrowIfNull(sighting);
        var time = sighting.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var who = sighting.Subject.Person is { } person
            ? string.Create(CultureInfo.InvariantCulture, $"{person}  {sighting.Similarity:0.0}%")
            : "unknown face";
        return $"{time}  {sighting.Camera}  {sighting.Subject.Event}  {who}" + (snapshot is null ? "" : "  " + snapshot);
    }
}
