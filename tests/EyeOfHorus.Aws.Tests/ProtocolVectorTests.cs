using Microsoft.AspNetCore.Http;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EyeOfHorus.Aws.Tests;

/// <summary>botocore's protocol cases that apply to us (JSON 1.1 errors, Query errors/output, Query maps), over real HTTP.</summary>
public sealed class ProtocolVectorTests
{
    private static readonly JsonNode Botocore = JsonNode.Parse(Vectors.Read("wire", "botocore-protocol-tests-query-maps-and-error-cases.json"))!;

    private static IEnumerable<JsonNode> Cases(string file) =>
        Botocore[file]!.AsArray().SelectMany(suite => suite!["cases"]!.AsArray()).Select(c => c!);

    private static JsonNode Case(string file, string id) => Cases(file).Single(c => (string?)c["id"] == id);

    public static TheoryData<string> JsonErrorCases() => [.. Cases("tests/unit/protocols/output/json.json").Select(c => (string)c["id"]!)];

    public static TheoryData<string> QueryErrorCases() =>
        [.. Cases("tests/unit/protocols/output/query.json").Where(c => c["errorCode"] is not null).Select(c => (string)c["id"]!)];

    [Fact]
    public void The_applicable_cases_are_all_there()
    {
        Assert.Equal(12, JsonErrorCases().Count);
        Assert.Equal(3, QueryErrorCases().Count);
    }

    [Theory]
    [MemberData(nameof(JsonErrorCases))]
    public async Task Json_1_1_error_is_named_as_botocore_names_it(string id)
    {
        JsonNode testCase = Case("tests/unit/protocols/output/json.json", id);
        await using StubAwsServer server = await StubAwsServer.StartAsync("rekognition");
        server.Responder = (_, _, context) => Serve(context, testCase["response"]!);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new RekognitionClient(server.ClientOptions(maxAttempts: 1)).DetectFacesAsync(new DetectFacesRequest { Image = new Image { Bytes = [1] } }));

        Assert.Equal((string)testCase["errorCode"]!, e.ErrorCode);
        Assert.Equal((int)testCase["response"]!["status_code"]!, e.StatusCode);
        Assert.Equal((string?)testCase["error"]?["Message"], e.ErrorMessage);
    }

    [Theory]
    [MemberData(nameof(QueryErrorCases))]
    public async Task Query_error_is_named_with_its_request_id(string id)
    {
        JsonNode testCase = Case("tests/unit/protocols/output/query.json", id);
        await using StubAwsServer server = await StubAwsServer.StartAsync("sns");
        server.Responder = (_, _, context) => Serve(context, testCase["response"]!);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new SnsClient(server.ClientOptions()).PublishAsync(new PublishRequest { TopicArn = "arn:aws:sns:eu-west-1:123456789012:t", Message = "m" }));

        Assert.Single(server.Requests); // 4xx: not retried
        Assert.Equal(((string)testCase["errorCode"]!, "foo-id"), (e.ErrorCode, e.RequestId));
        Assert.Equal((int)testCase["response"]!["status_code"]!, e.StatusCode);
        Assert.Equal((string?)testCase["error"]?["Message"], e.ErrorMessage);
    }

    [Fact]
    public void Query_success_result_is_found_under_its_operation()
    {
        JsonNode testCase = Case("tests/unit/protocols/output/query.json", "QueryGreetingWithErrors");
        byte[] body = System.Text.Encoding.UTF8.GetBytes((string)testCase["response"]!["body"]!);

        var result = QueryProtocol.Result(body, "GreetingWithErrors");

        Assert.Equal((string)testCase["result"]!["greeting"]!, QueryProtocol.Child(result, "greeting")!.Value);
        Assert.Throws<InvalidDataException>(() => QueryProtocol.Result(body, "Publish"));
    }

    public static TheoryData<string> QueryMapCases() =>
    [
        "QuerySimpleQueryMaps", "QuerySimpleQueryMapsWithXmlName", "QueryComplexQueryMaps", "QueryEmptyQueryMaps",
        "QueryQueryMapWithMemberXmlName", "QueryFlattenedQueryMaps", "QueryFlattenedQueryMapsWithXmlName",
        "QueryQueryMapOfLists", "QueryNestedStructWithMap",
    ];

    [Theory]
    [MemberData(nameof(QueryMapCases))]
    public void Query_maps_serialise_as_botocore_serialises_them(string id)
    {
        JsonNode testCase = Case("tests/unit/protocols/input/query.json", id);
        var form = new QueryForm("QueryMaps", "2020-01-08");
        // The member's wire name, key/value names and flattening come from the case's model (shapes).
        (string member, string prefix, string key, string value, bool flattened) = id switch
        {
            "QuerySimpleQueryMapsWithXmlName" => ("RenamedMapArg", "Foo", "key", "value", false),
            "QueryQueryMapWithMemberXmlName" => ("MapWithXmlMemberName", "MapWithXmlMemberName", "K", "V", false),
            "QueryFlattenedQueryMaps" => ("FlattenedMap", "FlattenedMap", "key", "value", true),
            "QueryFlattenedQueryMapsWithXmlName" => ("FlattenedMapWithXmlName", "Hi", "K", "V", true),
            "QueryComplexQueryMaps" => ("ComplexMapArg", "ComplexMapArg", "key", "value", false),
            "QueryQueryMapOfLists" => ("MapOfLists", "MapOfLists", "key", "value", false),
            "QueryNestedStructWithMap" => ("NestedStructWithMap", "NestedStructWithMap.MapArg", "key", "value", false),
            _ => ("MapArg", "MapArg", "key", "value", false),
        };
        JsonObject parameters = testCase["params"]![member]!.AsObject();
        if (id == "QueryNestedStructWithMap")
        {
            parameters = parameters["MapArg"]!.AsObject();
        }
        var map = parameters.ToDictionary(p => p.Key, p => p.Value!);
        form.AddMap(prefix, map, key, value, (valuePrefix, node) =>
        {
            switch (node)
            {
                case JsonObject structure:
                    foreach ((string name, JsonNode? inner) in structure)
                    {
                        form.Add($"{valuePrefix}.{name}", (string)inner!);
                    }
                    break;
                case JsonArray list:
                    for (int i = 0; i < list.Count; i++)
                    {
                        form.Add($"{valuePrefix}.member.{i + 1}", (string)list[i]!);
                    }
                    break;
                default:
                    form.Add(valuePrefix, (string)node!);
                    break;
            }
        }, flattened);

        Assert.Equal((string)testCase["serialized"]!["body"]!, form.ToString());
    }

    private static async Task Serve(HttpContext context, JsonNode response)
    {
        context.Response.StatusCode = (int)response["status_code"]!;
        foreach ((string name, JsonNode? value) in response["headers"]!.AsObject())
        {
            context.Response.Headers[name] = (string)value!;
        }
        if (response["body"] is JsonNode body)
        {
            await context.Response.WriteAsync((string)body!);
        }
    }
}
