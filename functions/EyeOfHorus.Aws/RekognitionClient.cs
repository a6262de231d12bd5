namespace EyeOfHorus.Aws;

/// <summary>Amazon Rekognition (JSON 1.1, target prefix RekognitionService): the operations this system uses.</summary>
public sealed class RekognitionClient
{
    private readonly JsonProtocol _protocol;

    public RekognitionClient(AwsClientOptions options) =>
        _protocol = new JsonProtocol(new AwsTransport(options, "rekognition"), "RekognitionService");

    private static AwsJsonContext Json => AwsJsonContext.Default;

    public Task<IndexFacesResponse> IndexFacesAsync(IndexFacesRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("IndexFaces", request, Json.IndexFacesRequest, Json.IndexFacesResponse, ct);

    /// <summary>One page; pass the response's NextToken to get the next.</summary>
    public Task<ListFacesResponse> ListFacesAsync(ListFacesRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("ListFaces", request, Json.ListFacesRequest, Json.ListFacesResponse, ct);

    /// <summary>Every face in the collection, following NextToken through all pages.</summary>
    public async Task<IReadOnlyList<Face>> ListAllFacesAsync(string collectionId, CancellationToken ct = default)
    {
        var faces = new List<Face>();
        string? nextToken = null;
        do
        {
            ListFacesResponse page = await ListFacesAsync(new ListFacesRequest { CollectionId = collectionId, NextToken = nextToken, MaxResults = 4096 }, ct).ConfigureAwait(false);
            faces.AddRange(page.Faces ?? []);
            nextToken = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (nextToken is not null);
        return faces;
    }

    public Task<DeleteFacesResponse> DeleteFacesAsync(DeleteFacesRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("DeleteFaces", request, Json.DeleteFacesRequest, Json.DeleteFacesResponse, ct);

    public Task<SearchFacesByImageResponse> SearchFacesByImageAsync(SearchFacesByImageRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("SearchFacesByImage", request, Json.SearchFacesByImageRequest, Json.SearchFacesByImageResponse, ct);

    public Task<DetectFacesResponse> DetectFacesAsync(DetectFacesRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("DetectFaces", request, Json.DetectFacesRequest, Json.DetectFacesResponse, ct);

    public Task<DescribeStreamProcessorResponse> DescribeStreamProcessorAsync(DescribeStreamProcessorRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("DescribeStreamProcessor", request, Json.DescribeStreamProcessorRequest, Json.DescribeStreamProcessorResponse, ct);

    public Task<StartStreamProcessorResponse> StartStreamProcessorAsync(StartStreamProcessorRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("StartStreamProcessor", request, Json.StartStreamProcessorRequest, Json.StartStreamProcessorResponse, ct);

    public Task<StopStreamProcessorResponse> StopStreamProcessorAsync(StopStreamProcessorRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("StopStreamProcessor", request, Json.StopStreamProcessorRequest, Json.StopStreamProcessorResponse, ct);

    public Task<CreateStreamProcessorResponse> CreateStreamProcessorAsync(CreateStreamProcessorRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("CreateStreamProcessor", request, Json.CreateStreamProcessorRequest, Json.CreateStreamProcessorResponse, ct);

    /// <summary>AWS: the name may not be usable again for a few seconds after this returns.</summary>
    public Task<DeleteStreamProcessorResponse> DeleteStreamProcessorAsync(DeleteStreamProcessorRequest request, CancellationToken ct = default) =>
        _protocol.CallAsync("DeleteStreamProcessor", request, Json.DeleteStreamProcessorRequest, Json.DeleteStreamProcessorResponse, ct);
}
