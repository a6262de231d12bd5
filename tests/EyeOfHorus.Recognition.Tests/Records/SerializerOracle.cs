using System.Text.Json;
using EyeOfHorus.Recognition.Records;

namespace EyeOfHorus.Recognition.Tests.Records;

/// <summary>
/// The reference decoder the hand-written <see cref="MatchRecordCodec.TryDecode"/> is held to:
/// System.Text.Json's source-generated deserializer under the same options the codec encodes with,
/// plus the two checks the model needs beyond them (no null array elements, finite numbers).
/// </summary>
internal static class SerializerOracle
{
    public static MatchRecord? TryDecode(byte[] utf8Json)
    {
        ReadOnlySpan<byte> json = utf8Json;
        if (json.StartsWith("\uFEFF"u8)) json = json[3..];
        MatchRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(json, RecognitionJsonContext.Default.MatchRecord);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
        if (record is null) return null;
        if (record.EdgeInformation is null && string.IsNullOrEmpty(record.InputInformation.KinesisVideo.StreamArn)) return null;
        if (record.EdgeInformation is { Camera.Length: 0 }) return null;
        foreach (var result in record.FaceSearchResponse)
        {
            if (result is null || result.MatchedFaces.Contains(null!) || result.DetectedFace.Landmarks?.Contains(null!) == true) return null;
        }
        return AllFinite(record) ? record : null;
    }

    // Each number on its own: a sum of large finite numbers could overflow.
    private static bool AllFinite(MatchRecord record)
    {
        var frame = record.InputInformation.KinesisVideo;
        List<double> numbers = [frame.ServerTimestamp, frame.ProducerTimestamp, frame.FrameOffsetInSeconds];
        foreach (var result in record.FaceSearchResponse)
        {
            var face = result.DetectedFace;
            numbers.Add(face.Confidence);
            Add(numbers, face.BoundingBox);
            if (face.Pose is { } pose) numbers.AddRange([pose.Pitch, pose.Roll, pose.Yaw]);
            if (face.Quality is { } quality) numbers.AddRange([quality.Brightness, quality.Sharpness]);
            foreach (var landmark in face.Landmarks ?? []) numbers.AddRange([landmark.X, landmark.Y]);
            foreach (var match in result.MatchedFaces)
            {
                numbers.AddRange([match.Similarity, match.Face.Confidence]);
                Add(numbers, match.Face.BoundingBox);
            }
        }
        return numbers.TrueForAll(double.IsFinite);
    }

    private static void Add(List<double> numbers, BoundingBox? box)
    {
        if (box is not null) numbers.AddRange([box.Height, box.Width, box.Left, box.Top]);
    }
}
