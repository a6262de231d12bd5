using System.Collections.Concurrent;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Tracking;

namespace EyeOfHorus.Local.Live;

/// <summary>
/// One face as the live view shows it in one frame: the gallery's best person when that frame's
/// match reaches the camera's threshold, else unknown; or why the frame cannot name it. This is the
/// frame's own reading, not the track's decision (the alert timeline holds those).
/// </summary>
public sealed record LiveFace(FaceBox Box, string? Person, double? Similarity, string? Unusable);

/// <summary>A camera's latest analysed frame and the faces found in it.</summary>
public sealed record LiveFrame(Frame Frame, IReadOnlyList<LiveFace> Faces, DateTimeOffset AnalysedAt);

/// <summary>
/// The latest analysed frame of every camera of a run, and its analysis rate, for the web console.
/// Holding a frame costs nothing extra: each sampled frame has its own buffer.
/// </summary>
public sealed class LiveFrames(TimeProvider? time = null)
{
    /// <summary>The analysis rate is counted over this window.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, LiveFrame> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    public void Publish(Frame frame, IReadOnlyList<FrameFace> faces, double threshold)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(faces);
        var now = _time.GetUtcNow();
        var shown = faces.Select(f => f.Unusable is { } why
                ? new LiveFace(f.Box, null, null, why)
                : f.Match is { } m && m.Similarity >= threshold
                    ? new LiveFace(f.Box, m.Person, m.Similarity, null)
                    : new LiveFace(f.Box, null, f.Match?.Similarity, f.IsUsable ? null : "no embedding"))
            .ToList();
        _latest[frame.Camera] = new LiveFrame(frame, shown, now);
        var recent = _recent.GetOrAdd(frame.Camera, _ => new Queue<DateTimeOffset>());
        lock (recent)
        {
            recent.Enqueue(now);
            while (recent.Count > 0 && now - recent.Peek() > RateWindow) recent.Dequeue();
        }
    }

    public LiveFrame? Latest(string camera) => _latest.TryGetValue(camera, out var frame) ? frame : null;

    /// <summary>Frames analysed per second over the last <see cref="RateWindow"/>.</summary>
    public double AnalysedPerSecond(string camera)
    {
        if (!_recent.TryGetValue(camera, out var recent)) return 0;
        var now = _time.GetUtcNow();
        lock (recent) return recent.Count(t => now - t <= RateWindow) / RateWindow.TotalSeconds;
    }
}
