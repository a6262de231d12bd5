using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EyeOfHorus.Aws;

/// <summary>The one serializer context of the JSON 1.1 wire shapes (source-generated, AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IndexFacesRequest))]
[JsonSerializable(typeof(IndexFacesResponse))]
[JsonSerializable(typeof(ListFacesRequest))]
[JsonSerializable(typeof(ListFacesResponse))]
[JsonSerializable(typeof(DeleteFacesRequest))]
[JsonSerializable(typeof(DeleteFacesResponse))]
[JsonSerializable(typeof(SearchFacesByImageRequest))]
[JsonSerializable(typeof(SearchFacesByImageResponse))]
[JsonSerializable(typeof(DetectFacesRequest))]
[JsonSerializable(typeof(DetectFacesResponse))]
[JsonSerializable(typeof(DescribeStreamProcessorRequest))]
[JsonSerializable(typeof(DescribeStreamProcessorResponse))]
[JsonSerializable(typeof(StartStreamProcessorRequest))]
[JsonSerializable(typeof(StartStreamProcessorResponse))]
[JsonSerializable(typeof(StopStreamProcessorRequest))]
[JsonSerializable(typeof(StopStreamProcessorResponse))]
[JsonSerializable(typeof(CreateStreamProcessorRequest))]
[JsonSerializable(typeof(CreateStreamProcessorResponse))]
[JsonSerializable(typeof(DeleteStreamProcessorRequest))]
[JsonSerializable(typeof(DeleteStreamProcessorResponse))]
[JsonSerializable(typeof(ListShardsRequest))]
[JsonSerializable(typeof(ListShardsResponse))]
[JsonSerializable(typeof(GetShardIteratorRequest))]
[JsonSerializable(typeof(GetShardIteratorResponse))]
[JsonSerializable(typeof(GetRecordsRequest))]
[JsonSerializable(typeof(GetRecordsResponse))]
[JsonSerializable(typeof(PutRecordRequest))]
[JsonSerializable(typeof(PutRecordResponse))]
[JsonSerializable(typeof(PutRecordsRequest))]
[JsonSerializable(typeof(PutRecordsResponse))]
[JsonSerializable(typeof(AwsJsonError))]
public sealed partial class AwsJsonContext : JsonSerializerContext;

/// <summary>A JSON 1.x error body: the members that name and explain the error.</summary>
public sealed record AwsJsonError
{
    [JsonPropertyName("__type")]
    public string? Type { get; init; }

    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("Message")]
    public string? UpperMessage { get; init; }
}

/// <summary>AWS JSON timestamps: seconds since the Unix epoch, a number with an optional fraction.</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double seconds = reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDouble(),
            JsonTokenType.String when double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
            _ => throw new JsonException("Expected an epoch-seconds timestamp."),
        };
        return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        decimal seconds = (decimal)(value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond;
        writer.WriteNumberValue(Math.Round(seconds, 3));
    }
}
