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
    /// syntax error with its position, a missing or null required member, or a record that names
    /// neither a video stream nor an edge camera).
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
        catch (JsonException ex)
        {
            error = "Not a match record: " + ex.Message;
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json reports some shape problems (e.g. an invalid UTF-8 sequence in a
            // string) this way rather than as JsonException.
            error = "Not a match record: " + ex.Message;
            return false;
        }
        if (decoded is null) { error = "The record is JSON null."; return false; }
        if (decoded.EdgeInformation is null && string.IsNullOrEmpty(decoded.InputInformation.KinesisVideo.StreamArn))
        {
            error = "The record names no camera: neither InputInformation.KinesisVideo.StreamArn nor EdgeInformation.Camera is set.";
            return false;
        }
        if (FindNullElement(decoded) is { } where)
        {
            error = $"Not a match record: {where} contains a null element.";
            return false;
        }
        if (FindNonFiniteNumber(decoded) is { } member)
        {
            error = $"Not a match record: {member} is out of the range of a double.";
            return false;
        }
        if (decoded.EdgeInformation is { Camera.Length: 0 })
        {
            error = "EdgeInformation.Camera is empty.";
            return false;
        }
        record = decoded;
        error = null;
        return true;
    }

    // RespectNullableAnnotations covers members, not the elements of arrays.
    private static string? FindNullElement(MatchRecord record)
    {
        for (var i = 0; i < record.FaceSearchResponse.Count; i++)
        {
            var result = record.FaceSearchResponse[i];
            if (result is null) return "FaceSearchResponse";
            if (result.MatchedFaces.Contains(null!)) return $"FaceSearchResponse[{i}].MatchedFaces";
            if (result.DetectedFace.Landmarks?.Contains(null!) == true) return $"FaceSearchResponse[{i}].DetectedFace.Landmarks";
        }
        return null;
    }

    // JSON numbers beyond double's range (1e400) parse as infinity, which nothing downstream can
    // compare, print or re-encode.
    private static string? FindNonFiniteNumber(MatchRecord record)
    {
        var frame = record.InputInformation.KinesisVideo;
        if (!double.IsFinite(frame.ServerTimestamp + frame.ProducerTimestamp + frame.FrameOffsetInSeconds)) return "InputInformation.KinesisVideo";
        for (var i = 0; i < record.FaceSearchResponse.Count; i++)
        {
            var face = record.FaceSearchResponse[i].DetectedFace;
            var sum = face.Confidence + Sum(face.BoundingBox);
            if (face.Pose is { } pose) sum += pose.Pitch + pose.Roll + pose.Yaw;
            if (face.Quality is { } quality) sum += quality.Brightness + quality.Sharpness;
            foreach (var landmark in face.Landmarks ?? []) sum += landmark.X + landmark.Y;
            foreach (var match in record.FaceSearchResponse[i].MatchedFaces) sum += match.Similarity + match.Face.Confidence + Sum(match.Face.BoundingBox);
            // Any infinity makes the sum non-finite; +inf and -inf together make NaN, also caught.
            if (!double.IsFinite(sum)) return $"a number in FaceSearchResponse[{i}]";
        }
        return null;
    }

    private static double Sum(BoundingBox? box) => box is null ? 0 : box.Height + box.Width + box.Left + box.Top;
}
