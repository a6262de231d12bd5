namespace EyeOfHorus.Aws;

/// <summary>
/// Amazon DynamoDB (JSON 1.0, target prefix DynamoDB_20120810): the item operations this system
/// uses. A failed condition is an <see cref="AwsServiceException"/> with ErrorCode
/// <see cref="ConditionalCheckFailed"/> (not retried); throttling and 5xx are retried by the transport.
/// </summary>
public sealed class DynamoDbClient
{
    public const string ConditionalCheckFailed = "ConditionalCheckFailedException";

    private readonly JsonProtocol _protocol;

    public DynamoDbClient(AwsClientOptions options) =>
        _protocol = new JsonProtocol(new AwsTransport(options, "dynamodb"), "DynamoDB_20120810", JsonProtocol.ContentType10);

    private static DynamoDbJsonContext Json => DynamoDbJsonContext.Default;

    public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("PutItem", request, Json.PutItemRequest, Json.PutItemResponse, ct);

    public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("GetItem", request, Json.GetItemRequest, Json.GetItemResponse, ct);

    public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("UpdateItem", request, Json.UpdateItemRequest, Json.UpdateItemResponse, ct);
}
