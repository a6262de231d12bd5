using System.Text.Json;

namespace EyeOfHorus.Recognition.Records;

/// <summary>Reads and writes <see cref="MatchRecord"/> as the UTF-8 JSON carried by a Kinesis record.</summary>
public static class MatchRecordCodec
{
    public static byte[] Encode(MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.SerializeToUtf8Bytes(record, RecognitionJsonContext.Default.MatchRecord);
    }

    /// <summary>
    /// Decodes one record. Never throws for bad input: returns false with a one-line reason (JSON
    /// syntax error with its position, the path of the member that is missing, null, of the wrong
    /// type or out of range, or a record that names neither a video stream nor an edge camera).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8Json, out MatchRecord? record, out string? error)
    {
        record = null;
        if (utf8Json.StartsWith("\uFEFF"u8)) utf8Json = utf8Json[3..];
        if (utf8Json.IsEmpty) { error = "The record is empty."; return false; }
        MatchRecord? decoded;
        try
        {
            decoded = JsonSerializer.Deserialize(utf8Json, RecognitionJsonContext.Default.MatchRecord);
        }
        // A string that is not valid UTF-8 is reported as InvalidOperationException, not JsonException.
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = "Not a match record: " + ex.Message;
            return false;
        }
        error = decoded is null ? "The record is JSON null." : Problem(decoded);
        if (error is not null) return false;
        record = decoded;
        return true;
    }

    // What the serializer's options cannot say: RespectNullableAnnotations covers members, not the
    // elements of arrays; a number beyond double's range (1e400) reads as infinity, which nothing
    // downstream can compare, print or re-encode; and a record must name its camera.
    private static string? Problem(MatchRecord record)
    {
        var frame = record.InputInformation.KinesisVideo;
        if (record.EdgeInformation is null && string.IsNullOrEmpty(frame.StreamArn))
            return "The record names no camera: neither InputInformation.KinesisVideo.StreamArn nor EdgeInformation.Camera is set.";
        if (record.EdgeInformation is { Camera.Length: 0 }) return "EdgeInformation.Camera is empty.";
        if (!AllFinite(frame.ServerTimestamp, frame.ProducerTimestamp, frame.FrameOffsetInSeconds))
            return "Not a match record: a number in InputInformation.KinesisVideo is out of the range of a double.";
        for (var i = 0; i < record.FaceSearchResponse.Count; i++)
        {
            var result = record.FaceSearchResponse[i];
            if (result is null) return $"Not a match record: FaceSearchResponse[{i}] is a null element.";
            var face = result.DetectedFace;
            for (var j = 0; j < result.MatchedFaces.Count; j++)
                if (result.MatchedFaces[j] is null) return $"Not a match record: FaceSearchResponse[{i}].MatchedFaces[{j}] is a null element.";
            if (face.Landmarks is { } landmarks)
                for (var j = 0; j < landmarks.Count; j++)
                    if (landmarks[j] is null) return $"Not a match record: FaceSearchResponse[{i}].DetectedFace.Landmarks[{j}] is a null element.";
            if (!AllFinite(face) || !result.MatchedFaces.All(m => AllFinite(m.Similarity, m.Face.Confidence) && AllFinite(m.Face.BoundingBox)))
                return $"Not a match record: a number in FaceSearchResponse[{i}] is out of the range of a double.";
        }
        return null;
    }

    private static bool AllFinite(DetectedFace face) =>
        AllFinite(face.Confidence) && AllFinite(face.BoundingBox)
        && (face.Pose is not { } pose || AllFinite(pose.Pitch, pose.Roll, pose.Yaw))
        && (face.Quality is not { } quality || AllFinite(quality.Brightness, quality.Sharpness))
        && (face.Landmarks ?? []).All(l => AllFinite(l.X, l.Y));

    private static bool AllFinite(BoundingBox? box) => box is null || AllFinite(box.Height, box.Width, box.Left, box.Top);

    private static bool AllFinite(params ReadOnlySpan<double> numbers)
    {
        foreach (var n in numbers) if (!double.IsFinite(n)) return false;
        return true;
    }
}
