namespace EyeOfHorus.Edge.Analysis;

/// <summary>A sampled frame: its JPEG on disk and the faces the detector found in it.</summary>
public sealed record SampledFrame(long Index, TimeSpan Timestamp, string Path, IReadOnlyList<FaceRect> Faces);

/// <summary>
/// Pairs the detector's message with the frame file written for the same buffer (same timestamp).
/// The detector posts before the sink writes (same streaming thread), so a detection waits here
/// for its file; waiting detections are bounded.
/// </summary>
public sealed class FramePairer(string detectorName, string sinkName)
{
    private const int MaxWaiting = 16;
    private readonly Dictionary<TimeSpan, FrameDetection> _waiting = [];
    private readonly Queue<TimeSpan> _arrival = new();

    /// <summary>Frames whose file arrived with no detection message (e.g. a detector that was not in the branch).</summary>
    public long Unpaired { get; private set; }

    /// <summary>Feeds one stdout line; returns a frame when this line completed one.</summary>
    public SampledFrame? Accept(string line)
    {
        if (GstBusMessages.TryParseDetection(line, detectorName, out var detection))
        {
            if (_waiting.TryAdd(detection!.Timestamp, detection)) _arrival.Enqueue(detection.Timestamp);
            while (_arrival.Count > MaxWaiting) _waiting.Remove(_arrival.Dequeue());
            return null;
        }
        if (!GstBusMessages.TryParseFrameFile(line, sinkName, out var file)) return null;
        if (!_waiting.Remove(file!.Timestamp, out var found))
        {
            Unpaired++;
            return null;
        }
        return new SampledFrame(file.Index, file.Timestamp, file.Path, found.Faces);
    }
}
