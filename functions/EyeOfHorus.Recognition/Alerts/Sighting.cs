using EyeOfHorus.Contract;

namespace EyeOfHorus.Recognition.Alerts;

/// <summary>Who was seen: a known person (by name, or by the raw face id when it is not one of ours) or an unknown face.</summary>
public sealed record AlertSubject
{
    private AlertSubject(string @event, string? person) { Event = @event; Person = person; }

    public static AlertSubject Unknown { get; } = new(AlertEvents.UnknownFace, null);

    public static AlertSubject Known(string person)
    {
        ArgumentException.ThrowIfNullOrEmpty(person);
        return new(AlertEvents.PersonRecognised, person);
    }

    /// <summary><see cref="AlertEvents.PersonRecognised"/> or <see cref="AlertEvents.UnknownFace"/>.</summary>
    public string Event { get; }

    /// <summary>The person's name; null for an unknown face.</summary>
    public string? Person { get; }

    public override string ToString() => Person ?? "unknown face";
}

/// <summary>
/// One subject seen by one camera in one frame: what an alert is about. <see cref="Similarity"/>
/// is the best match's (known person); <see cref="Confidence"/> is the face detection's.
/// </summary>
public sealed record Sighting(
    string Camera,
    AlertSubject Subject,
    DateTimeOffset Time,
    double Confidence,
    double? Similarity,
    string? FaceId,
    string? SnapshotKey)
{
    /// <summary>The cooldown table key: one alert per (camera, subject) per window.</summary>
    public string CooldownKey => CooldownKeys.For(Camera, Subject);
}

/// <summary>
/// Cooldown table partition keys: <c>camera|unknown</c> or <c>camera|person|name</c>, with '%' and
/// '|' percent-escaped in the parts so that no two (camera, subject) pairs share a key.
/// </summary>
public static class CooldownKeys
{
    public static string For(string camera, AlertSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.Person is null ? $"{Escape(camera)}|unknown" : $"{Escape(camera)}|person|{Escape(subject.Person)}";
    }

    private static string Escape(string part) => part.Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal);
}
