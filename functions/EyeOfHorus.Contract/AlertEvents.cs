namespace EyeOfHorus.Contract;

/// <summary>The two kinds of alert, spelled as in the alerter's ALERT_EVENTS and the SNS "event" attribute.</summary>
public static class AlertEvents
{
    public const string PersonRecognised = "person_recognised";
    public const string UnknownFace = "unknown_face";

    public static IReadOnlyList<string> All { get; } = [PersonRecognised, UnknownFace];
}
