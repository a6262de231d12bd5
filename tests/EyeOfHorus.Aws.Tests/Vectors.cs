using System.Text.Json.Nodes;

namespace EyeOfHorus.Aws.Tests;

internal static class Vectors
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "vectors", .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>
    /// Asserts two JSON documents are equal member for member; numbers compare as the 32-bit floats
    /// AWS defines them as (so 0.33481481671333313 equals its float rounding 0.33481482).
    /// </summary>
    public static void AssertJsonEquivalent(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject expectedObject:
                JsonObject actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
                Assert.Equal(expectedObject.Select(p => p.Key).Order(StringComparer.Ordinal), actualObject.Select(p => p.Key).Order(StringComparer.Ordinal));
                foreach ((string key, JsonNode? value) in expectedObject)
                {
                    AssertJsonEquivalent(value, actualObject[key], $"{path}.{key}");
                }
                break;
            case JsonArray expectedArray:
                JsonArray actualArray = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(expectedArray.Count == actualArray.Count, $"{path}: {expectedArray.Count} items expected, {actualArray.Count} found");
                for (int i = 0; i < expectedArray.Count; i++)
                {
                    AssertJsonEquivalent(expectedArray[i], actualArray[i], $"{path}[{i}]");
                }
                break;
            default:
                JsonValue expectedValue = expected.AsValue();
                Assert.NotNull(actual);
                if (expectedValue.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                {
                    Assert.True((float)expectedValue.GetValue<double>() == (float)actual.GetValue<double>(), $"{path}: {expectedValue} != {actual}");
                }
                else
                {
                    Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: {expected.ToJsonString()} != {actual.ToJsonString()}");
                }
                break;
        }
    }
}
