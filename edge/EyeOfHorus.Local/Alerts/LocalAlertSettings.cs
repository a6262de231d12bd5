using EyeOfHorus.FaceEngine;
using EyeOfHorus.Recognition.Alerts;

namespace EyeOfHorus.Local.Alerts;

/// <summary>
/// The alert settings <c>horus run</c> starts from: the MatchAlerter's, except the unknown-face
/// confidence bar. The alerter's 90 is on Rekognition's scale, where a clear face scores 99+; the
/// local detector (BlazeFace) scores a clear frontal face about 82 (biden2.jpg in a 640x480 clip:
/// 81.4-83.0), so 90 would refuse every stranger. Locally the bar is the detector's own
/// (<see cref="FaceEngineOptions.MinScore"/>), and a face is called unknown only by its track, after
/// several good frames matching no one (<see cref="Tracking.TrackRules.MinUnknownFrames"/>).
/// </summary>
public static class LocalAlertSettings
{
    public static AlertSettings Default { get; } = new() { UnknownMinConfidence = DetectionPercent(new FaceEngineOptions().MinScore) };

    /// <summary>A detection score (0-1) as the percentage a match record carries.</summary>
    public static double DetectionPercent(double score) => Math.Round(score * 100, 2);
}
