using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EyeOfHorus.Recognition.Alerts;

/// <summary>
/// One alert in every form subscribers need: a short subject (email), a readable text (email and
/// default), a short SMS, a JSON document for machines, and filterable attributes
/// (event, camera, and person when known).
/// </summary>
public sealed record AlertMessage(
    string Subject,
    string Text,
    string Sms,
    string Document,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>SNS subjects: ASCII without control characters, under 100 characters.</summary>
    public const int MaxSubjectLength = 99;

    public static AlertMessage Compose(Sighting sighting, Uri? snapshotLink = null)
    {
        ArgumentNullException.ThrowIfNull(sighting);
        var when = sighting.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        var shortWhen = sighting.Time.UtcDateTime.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var known = sighting.Subject.Person;
        var headline = known is null ? $"Unknown face at {sighting.Camera}" : $"{known} seen at {sighting.Camera}";
        var detail = sighting.Similarity is { } similarity
            ? $"{Percent(similarity)} match, face detected with {Percent(sighting.Confidence)} confidence"
            : $"not in the face collection, face detected with {Percent(sighting.Confidence)} confidence";

        var text = new StringBuilder()
            .Append(headline).Append('.').Append('\n')
            .Append("When: ").Append(when).Append('\n')
            .Append("Camera: ").Append(sighting.Camera).Append('\n')
            .Append(known is null ? "Who: unknown face" : "Who: " + known).Append(" (").Append(detail).Append(")\n");
        if (snapshotLink is not null) text.Append("Snapshot: ").Append(snapshotLink.AbsoluteUri).Append('\n');
        text.Append("\nEye of Horus");

        var sms = $"Horus: {headline} {shortWhen}" + (sighting.Similarity is { } s ? $" ({Percent(s)})" : "");

        var document = JsonSerializer.Serialize(new AlertDocument(
            sighting.Subject.Event, sighting.Camera, known, sighting.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            sighting.Similarity, sighting.Confidence, sighting.FaceId, snapshotLink?.AbsoluteUri), AlertsJsonContext.Default.AlertDocument);

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["event"] = sighting.Subject.Event,
            ["camera"] = sighting.Camera,
        };
        if (known is not null) attributes["person"] = known;

        return new AlertMessage(AsciiSubject("Eye of Horus: " + headline), text.ToString(), sms, document, attributes);
    }

    private static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    // Latin-1 Supplement and Latin Extended-A letters without their accents (U+00C0..U+017F);
    // Unicode normalization is not available with invariant globalization. '?' = no ASCII form.
    private const string LatinFold =
        "AAAAAAACEEEEIIIIDNOOOOO?OUUUUYTs" + "aaaaaaaceeeeiiiidnooooo?ouuuuyty" +
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

    /// <summary>Accents dropped (Zoë → Zoe), other non-ASCII and control characters become '?', cut to 99 characters.</summary>
    public static string AsciiSubject(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var sb = new StringBuilder(subject.Length);
        foreach (var c in subject)
        {
            if (char.IsLowSurrogate(c)) continue;
            sb.Append(c switch
            {
                >= ' ' and <= '~' => c,
                >= '\u00C0' and <= '\u017F' => LatinFold[c - 0xC0],
                _ => '?',
            });
        }
        var ascii = sb.ToString().Trim();
        if (ascii.Length == 0) ascii = "Eye of Horus alert";
        return ascii.Length > MaxSubjectLength ? ascii[..(MaxSubjectLength - 3)] + "..." : ascii;
    }
}

/// <summary>
/// The alert for machine subscribers (SQS, Lambda, HTTPS). Every field is always present:
/// <see cref="Person"/>, <see cref="Similarity"/> and <see cref="FaceId"/> are null for an unknown
/// face, <see cref="SnapshotUrl"/> when there is no snapshot.
/// </summary>
public sealed record AlertDocument(
    string Event,
    string Camera,
    string? Person,
    string Time,
    double? Similarity,
    double Confidence,
    string? FaceId,
    string? SnapshotUrl);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AlertDocument))]
public sealed partial class AlertsJsonContext : JsonSerializerContext;
