namespace EyeOfHorus.Recognition.Alerts;

/// <summary>The two kinds of alert, spelled as in ALERT_EVENTS and the SNS "event" attribute.</summary>
public static class AlertEvents
{
    public const string PersonRecognised = "person_recognised";
    public const string UnknownFace = "unknown_face";
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { PersonRecognised, UnknownFace };
}

/// <summary>
/// When a face becomes an alert. Percentages are 0-100 as Rekognition writes them; the face size
/// is the detected bounding box's area as a fraction of the frame's area.
/// </summary>
public sealed record AlertSettings
{
    public double FaceMatchThreshold { get; init; } = 90;
    public double UnknownMinConfidence { get; init; } = 90;
    public double UnknownMinFaceSize { get; init; } = 0.02;
    public IReadOnlySet<string> Events { get; init; } = AlertEvents.All;
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(300);
}
