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
    /// syntax error with its position, the member that is missing, null, of the wrong type or out
    /// of range, or a record that names neither a video stream nor an edge camera).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8Json, out MatchRecord? record, out string? error)
    {
        record = null;
        if (utf8Json.StartsWith("\uFEFF"u8)) utf8Json = utf8Json[3..];
        if (utf8Json.IsEmpty) { error = "The record is empty."; return false; }
        MatchRecord? decoded;
        try
        {
            decoded = MatchRecordReader.Read(utf8Json);
        }
        // A string that is not valid UTF-8 is reported as InvalidOperationException, not JsonException.
        catch (Exception ex) when (ex is JsonException or MatchRecordShapeException or InvalidOperationException)
        {
            error = "Not a match record: " + ex.Message;
            return false;
        }
        if (decoded is null) { error = "The record is JSON null."; return false; }
        if (decoded.EdgeInformation is null && string.IsNullOrEmpty(decoded.InputInformation.KinesisVideo.StreamArn))
        {
            error = "The record names no camera: neither InputInformation.KinesisVideo.StreamArn nor EdgeInformation.Camera is set.";
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
}
