using System.Text.Json;

namespace EyeOfHorus.Recognition.Records;

/// <summary>
/// Reads a <see cref="MatchRecord"/> straight off a <see cref="Utf8JsonReader"/>, in one pass.
/// Written by hand because the alerter decodes every record of every batch, and the serializer's
/// constructor-based deserialization spent five times the cost of reading the tokens.
/// Its rules are the serializer's under <see cref="RecognitionJsonContext"/>'s options, which a
/// differential property test holds it to: member names are case-sensitive, unknown members are
/// skipped, a repeated member's last value wins, members without a default are required, a null is
/// accepted only where the model is nullable. It also rejects what the model cannot carry: null
/// array elements and numbers beyond a double's range.
/// </summary>
internal static class MatchRecordReader
{
    private static readonly Utf8StringCache Repeated = new(512);
    // What every stream processor record says: one shared (immutable) instance.
    private static readonly StreamProcessorInformation Running = new("RUNNING");

    /// <summary>The record; null for a JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">The bytes are not JSON.</exception>
    /// <exception cref="MatchRecordShapeException">JSON, but not a match record.</exception>
    /// <exception cref="InvalidOperationException">A string is not valid UTF-8.</exception>
    public static MatchRecord? Read(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        reader.Read();
        var record = reader.TokenType == JsonTokenType.Null ? null : ReadMatchRecord(ref reader);
        // Anything but whitespace after the record makes the reader throw.
        reader.Read();
        return record;
    }

    private static MatchRecord ReadMatchRecord(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "The record");
        InputInformation? input = null;
        IReadOnlyList<FaceSearchResult>? faces = null;
        StreamProcessorInformation? processor = null;
        EdgeInformation? edge = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("InputInformation"u8)) input = ReadInputInformation(ref reader);
            else if (reader.ValueTextEquals("FaceSearchResponse"u8)) faces = ReadArray(ref reader, "FaceSearchResponse", 1, ReadFaceSearchResult);
            else if (reader.ValueTextEquals("StreamProcessorInformation"u8)) processor = ReadStreamProcessorInformation(ref reader);
            else if (reader.ValueTextEquals("EdgeInformation"u8)) edge = ReadEdgeInformation(ref reader);
            else reader.Skip();
        }
        return new MatchRecord(
            input ?? throw MatchRecordShapeException.Missing("InputInformation"),
            faces ?? throw MatchRecordShapeException.Missing("FaceSearchResponse"),
            processor,
            edge);
    }

    private static InputInformation ReadInputInformation(ref Utf8JsonReader reader)
    {
        reader.Read();
        ExpectObject(ref reader, "InputInformation");
        KinesisVideoFrame? frame = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("KinesisVideo"u8)) frame = ReadKinesisVideoFrame(ref reader);
            else reader.Skip();
        }
        return new InputInformation(frame ?? throw MatchRecordShapeException.Missing("InputInformation.KinesisVideo"));
    }

    private static KinesisVideoFrame ReadKinesisVideoFrame(ref Utf8JsonReader reader)
    {
        reader.Read();
        ExpectObject(ref reader, "InputInformation.KinesisVideo");
        double? server = null, producer = null;
        double offset = 0;
        string? streamArn = null, fragment = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("StreamArn"u8)) streamArn = ReadOptionalString(ref reader, "InputInformation.KinesisVideo.StreamArn", Repeated);
            else if (reader.ValueTextEquals("FragmentNumber"u8)) fragment = ReadOptionalString(ref reader, "InputInformation.KinesisVideo.FragmentNumber", cache: null);
            else if (reader.ValueTextEquals("ServerTimestamp"u8)) server = ReadDouble(ref reader, "InputInformation.KinesisVideo.ServerTimestamp");
            else if (reader.ValueTextEquals("ProducerTimestamp"u8)) producer = ReadDouble(ref reader, "InputInformation.KinesisVideo.ProducerTimestamp");
            else if (reader.ValueTextEquals("FrameOffsetInSeconds"u8)) offset = ReadDouble(ref reader, "InputInformation.KinesisVideo.FrameOffsetInSeconds");
            else reader.Skip();
        }
        return new KinesisVideoFrame(
            server ?? throw MatchRecordShapeException.Missing("InputInformation.KinesisVideo.ServerTimestamp"),
            producer ?? throw MatchRecordShapeException.Missing("InputInformation.KinesisVideo.ProducerTimestamp"),
            streamArn, fragment, offset);
    }

    private static StreamProcessorInformation? ReadStreamProcessorInformation(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader, "StreamProcessorInformation");
        string? status = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("Status"u8)) status = ReadOptionalString(ref reader, "StreamProcessorInformation.Status", Repeated);
            else reader.Skip();
        }
        return status == Running.Status ? Running : new StreamProcessorInformation(status);
    }

    private static EdgeInformation? ReadEdgeInformation(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader, "EdgeInformation");
        string? camera = null, snapshot = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("Camera"u8)) camera = ReadRequiredString(ref reader, "EdgeInformation.Camera", Repeated);
            else if (reader.ValueTextEquals("SnapshotKey"u8)) snapshot = ReadOptionalString(ref reader, "EdgeInformation.SnapshotKey", cache: null);
            else reader.Skip();
        }
        return new EdgeInformation(camera ?? throw MatchRecordShapeException.Missing("EdgeInformation.Camera"), snapshot);
    }

    private static FaceSearchResult ReadFaceSearchResult(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "");
        DetectedFace? detected = null;
        IReadOnlyList<MatchedFace>? matches = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("DetectedFace"u8)) detected = ReadDetectedFace(ref reader);
            else if (reader.ValueTextEquals("MatchedFaces"u8)) matches = ReadArray(ref reader, "MatchedFaces", 2, ReadMatchedFace);
            else reader.Skip();
        }
        return new FaceSearchResult(
            detected ?? throw MatchRecordShapeException.Missing("DetectedFace"),
            matches ?? throw MatchRecordShapeException.Missing("MatchedFaces"));
    }

    private static DetectedFace ReadDetectedFace(ref Utf8JsonReader reader)
    {
        reader.Read();
        ExpectObject(ref reader, "DetectedFace");
        BoundingBox? box = null;
        double? confidence = null;
        IReadOnlyList<Landmark>? landmarks = null;
        Pose? pose = null;
        ImageQuality? quality = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("BoundingBox"u8)) box = ReadBoundingBox(ref reader, "DetectedFace.BoundingBox", required: true);
            else if (reader.ValueTextEquals("Confidence"u8)) confidence = ReadDouble(ref reader, "DetectedFace.Confidence");
            else if (reader.ValueTextEquals("Landmarks"u8)) landmarks = ReadOptionalArray(ref reader, "DetectedFace.Landmarks", 5, ReadLandmark);
            else if (reader.ValueTextEquals("Pose"u8)) pose = ReadPose(ref reader);
            else if (reader.ValueTextEquals("Quality"u8)) quality = ReadQuality(ref reader);
            else reader.Skip();
        }
        return new DetectedFace(
            box ?? throw MatchRecordShapeException.Missing("DetectedFace.BoundingBox"),
            confidence ?? throw MatchRecordShapeException.Missing("DetectedFace.Confidence"),
            landmarks, pose, quality);
    }

    private static BoundingBox? ReadBoundingBox(ref Utf8JsonReader reader, string name, bool required)
    {
        reader.Read();
        if (!required && reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader, name);
        double? height = null, width = null, left = null, top = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("Height"u8)) height = ReadDouble(ref reader, "BoundingBox.Height");
            else if (reader.ValueTextEquals("Width"u8)) width = ReadDouble(ref reader, "BoundingBox.Width");
            else if (reader.ValueTextEquals("Left"u8)) left = ReadDouble(ref reader, "BoundingBox.Left");
            else if (reader.ValueTextEquals("Top"u8)) top = ReadDouble(ref reader, "BoundingBox.Top");
            else reader.Skip();
        }
        return new BoundingBox(
            height ?? throw MatchRecordShapeException.Missing(name + ".Height"),
            width ?? throw MatchRecordShapeException.Missing(name + ".Width"),
            left ?? throw MatchRecordShapeException.Missing(name + ".Left"),
            top ?? throw MatchRecordShapeException.Missing(name + ".Top"));
    }

    private static Landmark ReadLandmark(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "");
        double? x = null, y = null;
        string? type = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("X"u8)) x = ReadDouble(ref reader, "X");
            else if (reader.ValueTextEquals("Y"u8)) y = ReadDouble(ref reader, "Y");
            else if (reader.ValueTextEquals("Type"u8)) type = ReadOptionalString(ref reader, "Type", Repeated);
            else reader.Skip();
        }
        return new Landmark(x ?? throw MatchRecordShapeException.Missing("X"), y ?? throw MatchRecordShapeException.Missing("Y"), type);
    }

    private static Pose? ReadPose(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader, "DetectedFace.Pose");
        double? pitch = null, roll = null, yaw = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("Pitch"u8)) pitch = ReadDouble(ref reader, "DetectedFace.Pose.Pitch");
            else if (reader.ValueTextEquals("Roll"u8)) roll = ReadDouble(ref reader, "DetectedFace.Pose.Roll");
            else if (reader.ValueTextEquals("Yaw"u8)) yaw = ReadDouble(ref reader, "DetectedFace.Pose.Yaw");
            else reader.Skip();
        }
        return new Pose(
            pitch ?? throw MatchRecordShapeException.Missing("DetectedFace.Pose.Pitch"),
            roll ?? throw MatchRecordShapeException.Missing("DetectedFace.Pose.Roll"),
            yaw ?? throw MatchRecordShapeException.Missing("DetectedFace.Pose.Yaw"));
    }

    private static ImageQuality? ReadQuality(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader, "DetectedFace.Quality");
        double? brightness = null, sharpness = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("Brightness"u8)) brightness = ReadDouble(ref reader, "DetectedFace.Quality.Brightness");
            else if (reader.ValueTextEquals("Sharpness"u8)) sharpness = ReadDouble(ref reader, "DetectedFace.Quality.Sharpness");
            else reader.Skip();
        }
        return new ImageQuality(
            brightness ?? throw MatchRecordShapeException.Missing("DetectedFace.Quality.Brightness"),
            sharpness ?? throw MatchRecordShapeException.Missing("DetectedFace.Quality.Sharpness"));
    }

    private static MatchedFace ReadMatchedFace(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader, "");
        double? similarity = null;
        CollectionFace? face = null;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("Similarity"u8)) similarity = ReadDouble(ref reader, "Similarity");
            else if (reader.ValueTextEquals("Face"u8)) face = ReadCollectionFace(ref reader);
            else reader.Skip();
        }
        return new MatchedFace(
            similarity ?? throw MatchRecordShapeException.Missing("Similarity"),
            face ?? throw MatchRecordShapeException.Missing("Face"));
    }

    private static CollectionFace ReadCollectionFace(ref Utf8JsonReader reader)
    {
        reader.Read();
        ExpectObject(ref reader, "Face");
        string? faceId = null, imageId = null, externalImageId = null;
        BoundingBox? box = null;
        double confidence = 0;
        while (NextMember(ref reader))
        {
            if (reader.ValueTextEquals("FaceId"u8)) faceId = ReadRequiredString(ref reader, "Face.FaceId", Repeated);
            else if (reader.ValueTextEquals("ExternalImageId"u8)) externalImageId = ReadOptionalString(ref reader, "Face.ExternalImageId", Repeated);
            else if (reader.ValueTextEquals("ImageId"u8)) imageId = ReadOptionalString(ref reader, "Face.ImageId", Repeated);
            else if (reader.ValueTextEquals("Confidence"u8)) confidence = ReadDouble(ref reader, "Face.Confidence");
            else if (reader.ValueTextEquals("BoundingBox"u8)) box = ReadBoundingBox(ref reader, "Face.BoundingBox", required: false);
            else reader.Skip();
        }
        return new CollectionFace(faceId ?? throw MatchRecordShapeException.Missing("Face.FaceId"), box, confidence, imageId, externalImageId);
    }

    private delegate T ElementReader<T>(ref Utf8JsonReader reader);

    private static IReadOnlyList<T> ReadArray<T>(ref Utf8JsonReader reader, string name, int capacity, ElementReader<T> readElement)
    {
        reader.Read();
        return ReadElements(ref reader, name, capacity, readElement);
    }

    private static IReadOnlyList<T>? ReadOptionalArray<T>(ref Utf8JsonReader reader, string name, int capacity, ElementReader<T> readElement)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : ReadElements(ref reader, name, capacity, readElement);
    }

    private static IReadOnlyList<T> ReadElements<T>(ref Utf8JsonReader reader, string name, int capacity, ElementReader<T> readElement)
    {
        ExpectArray(ref reader, name);
        List<T>? elements = null;
        while (NextElement(ref reader, name))
        {
            elements ??= new List<T>(capacity);
            try
            {
                elements.Add(readElement(ref reader));
            }
            catch (MatchRecordShapeException ex)
            {
                throw ex.Within($"{name}[{elements.Count}]");
            }
        }
        return elements ?? (IReadOnlyList<T>)[];
    }

    /// <summary>Past the object's next member name; false at its end.</summary>
    private static bool NextMember(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType != JsonTokenType.EndObject;
    }

    /// <summary>On the array's next element, which must not be null; false at its end.</summary>
    private static bool NextElement(ref Utf8JsonReader reader, string array)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) throw new MatchRecordShapeException(array, "contains a null element.");
        return reader.TokenType != JsonTokenType.EndArray;
    }

    private static void ExpectObject(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.StartObject) return;
        throw MatchRecordShapeException.Wrong(name, "an object", reader.TokenType);
    }

    private static void ExpectArray(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.StartArray) return;
        throw MatchRecordShapeException.Wrong(name, "an array", reader.TokenType);
    }

    private static double ReadDouble(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number)
            throw MatchRecordShapeException.Wrong(name, "a number", reader.TokenType);
        if (!JsonNumber.TryParse(reader.ValueSpan, out var value))
            throw new MatchRecordShapeException(name, "is out of the range of a double.");
        return value;
    }

    private static string? ReadOptionalString(ref Utf8JsonReader reader, string name, Utf8StringCache? cache)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => cache is null ? reader.GetString() : cache.GetString(ref reader),
            JsonTokenType.Null => null,
            _ => throw MatchRecordShapeException.Wrong(name, "a string", reader.TokenType),
        };
    }

    private static string ReadRequiredString(ref Utf8JsonReader reader, string name, Utf8StringCache cache) =>
        ReadOptionalString(ref reader, name, cache) ?? throw new MatchRecordShapeException(name, "is null.");
}

/// <summary>Well-formed JSON that is not a match record; <see cref="Exception.Message"/> names the member.</summary>
internal sealed class MatchRecordShapeException(string member, string problem) : Exception($"{member} {problem}")
{
    public string Member { get; } = member;
    public string Problem { get; } = problem;

    // Factories rather than throw sites that format messages: the readers' hot paths stay small.
    public static MatchRecordShapeException Missing(string member) => new(member, "is missing.");

    /// <summary>A member that is null where the model needs a value, or of another JSON type.</summary>
    public static MatchRecordShapeException Wrong(string member, string expected, JsonTokenType actual) =>
        new(member, actual == JsonTokenType.Null ? "is null." : $"must be {expected}, not {Describe(actual)}.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>The same problem, with the member's path prefixed by the element it was found in.</summary>
    public MatchRecordShapeException Within(string element) => new(Member.Length == 0 ? element : $"{element}.{Member}", Problem);
}
