using System.Text.Json.Serialization;

namespace EyeOfHorus.Recognition.Records;

/// <summary>
/// Source-generated (trimming/AOT-safe) JSON metadata for the match record. Member names are the
/// AWS ones (PascalCase, case-sensitive); required members are the constructor parameters without
/// defaults, and a null where the model says non-null is rejected.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(MatchRecord))]
public sealed partial class RecognitionJsonContext : JsonSerializerContext;
