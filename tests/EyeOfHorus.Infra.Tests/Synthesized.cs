using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using EyeOfHorus.Contract;
using EyeOfHorus.Infra;

namespace EyeOfHorus.Infra.Tests;

/// <summary>A synthesized EyeOfHorus template: CDK assertions plus its JSON for walking.</summary>
public sealed class Synthesized(Template template, JsonObject json)
{
    public Template Template { get; } = template;
    public JsonObject Json { get; } = json;

    public JsonObject Resources => Json["Resources"]!.AsObject();
    public JsonObject Outputs => Json["Outputs"]!.AsObject();

    public IReadOnlyList<(string Id, JsonObject Resource)> OfType(string type) =>
        [.. Resources.Where(r => (string?)r.Value!["Type"] == type).Select(r => (r.Key, r.Value!.AsObject()))];

    public (string Id, JsonObject Resource) Single(string type) => Assert.Single(OfType(type));

    public JsonObject Properties(string logicalId) => Resources[logicalId]!["Properties"]!.AsObject();

    /// <summary>The resource whose cdk path (Metadata aws:cdk:path) is EyeOfHorus/<paramref name="path"/>.</summary>
    public (string Id, JsonObject Resource) AtPath(string path) =>
        Assert.Single(Resources.Where(r => (string?)r.Value!["Metadata"]?["aws:cdk:path"] == ResourceNames.StackName + "/" + path)
            .Select(r => (r.Key, r.Value!.AsObject())));

    public static JsonNode Ref(string logicalId) => new JsonObject { ["Ref"] = logicalId };

    public static JsonNode GetAtt(string logicalId, string attribute) =>
        new JsonObject { ["Fn::GetAtt"] = new JsonArray(logicalId, attribute) };

    public static void Same(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString()}\n  actual {actual?.ToJsonString()}");

    /// <summary>Every IAM-style statement anywhere in the template, with the resource it sits in.</summary>
    public IEnumerable<(string Id, string Type, JsonObject Statement)> Statements()
    {
        foreach (var (id, resource) in Resources)
        {
            var type = (string)resource!["Type"]!;
            foreach (var statement in Walk(resource).OfType<JsonObject>().Where(o => o.ContainsKey("Effect")))
                yield return (id, type, statement);
        }
    }

    public static IReadOnlyList<JsonNode?> AsList(JsonNode? node) => node is JsonArray array ? [.. array] : [node];

    private static IEnumerable<JsonNode> Walk(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
            foreach (var n in Walk(child)) yield return n;
    }

    internal static Synthesized Of(EyeOfHorusStack stack)
    {
        var template = Template.FromStack(stack);
        var json = JsonSerializer.Serialize(template.ToJSON());
        return new Synthesized(template, JsonNode.Parse(json)!.AsObject());
    }
}
