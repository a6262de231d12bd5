namespace EyeOfHorus.Aws;

/// <summary>Amazon Kinesis Data Streams (JSON 1.1, target prefix Kinesis_20131202): the operations this system uses.</summary>
public sealed class KinesisClient
{
    private readonly JsonProtocol _protocol;

    public KinesisClient(AwsClientOptions options) =>
        _protocol = new JsonProtocol(new AwsTransport(options, "kinesis"), "Kinesis_20131202");

    private static AwsJsonContext Json => AwsJsonContext.Default;

    public Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("ListShards", request, Json.ListShardsRequest, Json.ListShardsResponse, ct);

    public Task<GetShardIteratorResponse> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("GetShardIterator", request, Json.GetShardIteratorRequest, Json.GetShardIteratorResponse, ct);

    public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("GetRecords", request, Json.GetRecordsRequest, Json.GetRecordsResponse, ct);

    public Task<PutRecordResponse> PutRecordAsync(PutRecordRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("PutRecord", request, Json.PutRecordRequest, Json.PutRecordResponse, ct);

    /// <summary>Entries can fail individually: check FailedRecordCount and each entry's ErrorCode.</summary>
    public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("PutRecords", request, Json.PutRecordsRequest, Json.PutRecordsResponse, ct);

    /// <summary>Any Kinesis operation with a hand-written JSON body (tests create streams in kinesalite with it).</summary>
    internal Task<string> CallRawAsync(string operation, string jsonBody, CancellationToken ct = default) =>
        _protocol.CallRawAsync(operation, jsonBody, ct);
}
