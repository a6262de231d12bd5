using EyeOfHorus.Contract;

namespace EyeOfHorus.Recognition.Alerts;

/// <summary>
/// When a face becomes an alert. Percentages are 0-100 as Rekognition writes them; the face size
/// is the detected bounding box's area as a fraction of the frame's area. The defaults are the
/// alerter's (<see cref="MatchAlerterEnvironment"/>).
/// </summary>
public sealed record AlertSettings
{
    public double FaceMatchThreshold { get; init; } = MatchAlerterEnvironment.DefaultFaceMatchThreshold;
    public double UnknownMinConfidence { get; init; } = MatchAlerterEnvironment.DefaultUnknownMinConfidence;
    public double UnknownMinFaceSize { get; init; } = MatchAlerterEnvironment.DefaultUnknownMinFaceSize;
    public IReadOnlySet<string> Events { get; init; } = new HashSet<string>(AlertEvents.All, StringComparer.Ordinal);
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(MatchAlerterEnvironment.DefaultCooldownSeconds);
}
