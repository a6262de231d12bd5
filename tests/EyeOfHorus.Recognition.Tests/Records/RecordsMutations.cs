using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Records;

/// <summary>
/// Mutated match records for property tests (also linked into the benchmark project's long mode):
/// byte-level damage (flips, truncation, insertion, deletion) and JSON-aware damage (a value
/// replaced by another type, an extreme number, a deep or huge value, a member removed or renamed)
/// applied to real-shaped seed records.
/// </summary>
public static class RecordsMutations
{
    public static readonly string[] Seeds =
    [
        """{"InputInformation":{"KinesisVideo":{"StreamArn":"arn:aws:kinesisvideo:us-east-1:123456789012:stream/eye-of-horus-front-door/1604277868692","FragmentNumber":"91343852333181432392682062607743920146264156412","ServerTimestamp":1.605467332479E9,"ProducerTimestamp":1.60546733093E9,"FrameOffsetInSeconds":3.2690000534057617}},"StreamProcessorInformation":{"Status":"RUNNING"},"FaceSearchResponse":[{"DetectedFace":{"BoundingBox":{"Height":0.30462962,"Width":0.16145833,"Left":0.40989584,"Top":0.31018519},"Confidence":99.99974060058594,"Landmarks":[{"X":0.452,"Y":0.44,"Type":"eyeLeft"},{"X":0.516,"Y":0.438,"Type":"eyeRight"}],"Pose":{"Pitch":-3.14,"Roll":-1.4,"Yaw":1.56},"Quality":{"Brightness":62.04,"Sharpness":53.33}},"MatchedFaces":[]}]}""",
        """{"InputInformation":{"KinesisVideo":{"StreamArn":"arn:aws:kinesisvideo:eu-west-1:123456789012:stream/eye-of-horus-garage/1573030683000","FragmentNumber":"91343852333181432392682062607743920146264156413","ServerTimestamp":1.57303068409E9,"ProducerTimestamp":1.573030682E9,"FrameOffsetInSeconds":0.0}},"StreamProcessorInformation":{"Status":"RUNNING"},"FaceSearchResponse":[{"DetectedFace":{"BoundingBox":{"Height":0.22,"Width":0.12,"Left":0.58,"Top":0.19},"Confidence":100.0},"MatchedFaces":[{"Similarity":99.85631561279297,"Face":{"BoundingBox":{"Height":0.49,"Width":0.41,"Left":0.30,"Top":0.23},"FaceId":"0b0c7a4a-7d1e-4f64-9c4b-1d4b3f1a6d2e","Confidence":99.99,"ImageId":"5c1b1e0c-3f0a-3a7c-a3c8-5f3b9e2ad9a1","ExternalImageId":"Alice_20Smith:front.jpg"}},{"Similarity":91.2,"Face":{"FaceId":"7f2d9a51","Confidence":99.9}}]}]}""",
        """{"InputInformation":{"KinesisVideo":{"ServerTimestamp":1.7E9,"ProducerTimestamp":1.7E9}},"FaceSearchResponse":[{"DetectedFace":{"BoundingBox":{"Height":0.3,"Width":0.2,"Left":0.1,"Top":0.1},"Confidence":99.1},"MatchedFaces":[]}],"EdgeInformation":{"Camera":"porch","SnapshotKey":"snapshots/porch/1.jpg"}}""",
    ];

    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1e308), JsonValue.Create(-1e308), JsonValue.Create(double.Epsilon),
        JsonValue.Create(""), JsonValue.Create("1.605467332479E9"), JsonValue.Create("\u0000\uFFFF😀"), JsonValue.Create(true),
        new JsonArray(), new JsonObject(), new JsonArray(JsonValue.Create(1), null), JsonValue.Create(long.MaxValue),
        JsonValue.Create(new string('x', 10_000)), JsonValue.Create("arn:aws:kinesisvideo:x:y:stream//"), JsonValue.Create(":"),
        // ExternalImageIds that look like ours but are cut off or foreign: a trailing '_X', a bare '_', an empty part.
        JsonValue.Create("x:y_4"), JsonValue.Create("alice:photo_"), JsonValue.Create("_4:y"), JsonValue.Create("alice:"), JsonValue.Create("_C3:x"),
    ];

    /// <summary>(seed, operations) → mutated UTF-8 bytes.</summary>
    public static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 9], Gen.Int[1, 4], Gen.UInt, (seed, kind, count, salt) => Mutate(seed, kind, count, salt));

    public static byte[] Mutate(int seed, int kind, int count, uint salt)
    {
        var random = new Random((int)salt);
        var text = Seeds[seed];
        if (kind < 4) return MutateBytes(Encoding.UTF8.GetBytes(text), kind, count, random);
        var root = JsonNode.Parse(text)!;
        for (var i = 0; i < count; i++) MutateJson(root, kind, random);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static byte[] MutateBytes(byte[] bytes, int kind, int count, Random random)
    {
        var list = bytes.ToList();
        for (var i = 0; i < count && list.Count > 0; i++)
        {
            var at = random.Next(list.Count);
            switch (kind)
            {
                case 0: list[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: list.RemoveRange(at, list.Count - at); break;
                case 2: list.Insert(at, (byte)"{}[]\",:0e-.\\nul"[random.Next(15)]); break;
                default: list.RemoveAt(at); break;
            }
        }
        return [.. list];
    }

    private static void MutateJson(JsonNode root, int kind, Random random)
    {
        var nodes = new List<JsonNode>();
        void Walk(JsonNode? n) { if (n is null) return; nodes.Add(n); if (n is JsonObject o) foreach (var p in o) Walk(p.Value); else if (n is JsonArray a) foreach (var e in a) Walk(e); }
        Walk(root);
        var target = nodes[random.Next(nodes.Count)];
        if (target.Parent is null) return;
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        switch (target.Parent)
        {
            case JsonObject parent:
                var name = target.GetPropertyName();
                if (kind == 4) parent.Remove(name);
                else if (kind == 5) { parent.Remove(name); parent[name.ToLowerInvariant() + "_"] = replacement; }
                else if (kind == 6) { parent.Remove(name); parent[name] = Nest(replacement, random.Next(1, 80)); }
                else parent[name] = replacement;
                break;
            case JsonArray array:
                var index = target.GetElementIndex();
                if (kind == 4) array.RemoveAt(index);
                else if (kind == 6) for (var i = 0; i < 50; i++) array.Add(target.DeepClone());
                else array[index] = replacement;
                break;
        }
    }

    private static JsonNode? Nest(JsonNode? value, int depth)
    {
        for (var i = 0; i < depth; i++) value = new JsonArray(value);
        return value;
    }

    private static readonly AlertPolicy Policy = new(new AlertSettings(), CameraDirectory.Parse("front-door=eye-of-horus-front-door"));

    /// <summary>The property: decoding never throws; a decoded record can be decided, composed and re-encoded.</summary>
    public static void DecodeDecideComposeNeverThrows(byte[] bytes)
    {
        if (!MatchRecordCodec.TryDecode(bytes, out var record, out var error))
        {
            if (string.IsNullOrWhiteSpace(error)) throw new InvalidOperationException("A rejected record must come with a reason.");
            return;
        }
        foreach (var sighting in Policy.Decide(record!, DateTimeOffset.UnixEpoch))
        {
            var message = AlertMessage.Compose(sighting);
            if (message.Subject.Length is 0 or > AlertMessage.MaxSubjectLength) throw new InvalidOperationException("Bad subject: " + message.Subject);
        }
        var again = MatchRecordCodec.Encode(record!);
        if (!MatchRecordCodec.TryDecode(again, out _, out var reencodeError)) throw new InvalidOperationException("Re-encoded record does not decode: " + reencodeError);
    }

}
