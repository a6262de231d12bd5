using System.Text.Json;
using EyeOfHorus.Recognition.Alerts;

namespace EyeOfHorus.Recognition.Tests.Alerts;

public class AlertsMessageTests
{
    private static readonly DateTimeOffset When = new(2026, 11, 25, 9, 30, 5, 123, TimeSpan.Zero);

    [Fact]
    public void A_known_person_alert_says_who_where_when_and_how_sure()
    {
        var message = AlertMessage.Compose(new Sighting("front-door", AlertSubject.Known("Alice"), When, 99.87, 96.4321, "face-1", null));
        Assert.Equal("Eye of Horus: Alice seen at front-door", message.Subject);
        Assert.Equal("Alice seen at front-door.\nWhen: 2026-11-25 09:30:05 UTC\nCamera: front-door\nWho: Alice (96.4% match, face detected with 99.9% confidence)\n\nEye of Horus", message.Text);
        Assert.Equal("Horus: Alice seen at front-door 09:30 UTC (96.4%)", message.Sms);
        Assert.Equal("""{"event":"person_recognised","camera":"front-door","person":"Alice","time":"2026-11-25T09:30:05.123Z","similarity":96.4321,"confidence":99.87,"faceId":"face-1","snapshotUrl":null}""", message.Document);
        Assert.Equal(new Dictionary<string, string> { ["event"] = "person_recognised", ["camera"] = "front-door", ["person"] = "Alice" }, message.Attributes);
    }

    [Fact]
    public void An_unknown_face_alert_has_no_person_attribute_and_carries_the_snapshot_link()
    {
        var link = new Uri("https://bucket.s3.us-east-1.amazonaws.com/snapshots/garage/1.jpg?X-Amz-Signature=abc");
        var message = AlertMessage.Compose(new Sighting("garage", AlertSubject.Unknown, When, 97, null, null, "snapshots/garage/1.jpg"), link);
        Assert.Equal("Eye of Horus: Unknown face at garage", message.Subject);
        Assert.Contains("Snapshot: " + link.AbsoluteUri, message.Text, StringComparison.Ordinal);
        Assert.Equal("Horus: Unknown face at garage 09:30 UTC", message.Sms);
        Assert.False(message.Attributes.ContainsKey("person"));
        Assert.Equal(link.AbsoluteUri, JsonDocument.Parse(message.Document).RootElement.GetProperty("snapshotUrl").GetString());
    }

    [Fact]
    public void The_document_has_the_same_fields_for_every_alert_and_person_is_null_for_an_unknown_face()
    {
        static List<string> Fields(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];
        using var known = JsonDocument.Parse(AlertMessage.Compose(new Sighting("garage", AlertSubject.Known("Bob"), When, 99, 95, "f", null)).Document);
        using var unknown = JsonDocument.Parse(AlertMessage.Compose(new Sighting("garage", AlertSubject.Unknown, When, 97, null, null, null)).Document);
        Assert.Equal(["event", "camera", "person", "time", "similarity", "confidence", "faceId", "snapshotUrl"], Fields(known.RootElement));
        Assert.Equal(Fields(known.RootElement), Fields(unknown.RootElement));
        Assert.Equal(JsonValueKind.Null, unknown.RootElement.GetProperty("person").ValueKind);
        Assert.Equal(JsonValueKind.Null, unknown.RootElement.GetProperty("similarity").ValueKind);
        Assert.Equal(JsonValueKind.Null, unknown.RootElement.GetProperty("faceId").ValueKind);
        Assert.Equal("unknown_face", unknown.RootElement.GetProperty("event").GetString());
    }

    [Theory]
    [InlineData("Zoë Ångström-Łukasz", "Zoe Angstrom-Lukasz")]
    [InlineData("line\nbreak\ttab", "line?break?tab")]
    [InlineData("王小明 👩‍🚀", "??? ???")]
    public void Subjects_are_ascii_without_control_characters(string name, string expected) =>
        Assert.Equal(expected, AlertMessage.AsciiSubject(name));

    [Fact]
    public void Subjects_stay_under_100_characters()
    {
        var subject = AlertMessage.Compose(new Sighting(new string('c', 80), AlertSubject.Known(new string('p', 80)), When, 99, 99, null, null)).Subject;
        Assert.Equal(99, subject.Length);
        Assert.EndsWith("...", subject, StringComparison.Ordinal);
    }
}
