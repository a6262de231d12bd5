namespace EyeOfHorus.Testing.Rekognition;

/// <summary>
/// An answer the stand-in gives instead of doing the operation. Status codes and messages are the
/// ones the Rekognition developer guide lists (shared/vectors/wire/rekognition/devguide-error-handling.md).
/// </summary>
public sealed record RekognitionFault(string ErrorCode, int StatusCode, string Message, bool AbortConnection = false)
{
    public static readonly RekognitionFault Throttling = new("ThrottlingException", 400, "Slow down; sudden increase in rate of requests.");
    public static readonly RekognitionFault ServiceUnavailable = new("ThrottlingException", 500, "Service Unavailable");
    public static readonly RekognitionFault ProvisionedThroughputExceeded = new("ProvisionedThroughputExceededException", 400, "Provisioned Rate exceeded.");
    public static readonly RekognitionFault InternalServerError = new("InternalServerError", 500, "Internal server error");

    /// <summary>The connection is dropped without an answer: the caller cannot know whether the request was done.</summary>
    public static readonly RekognitionFault ConnectionReset = new("", 0, "", AbortConnection: true);
}

/// <summary>An error answer: <c>{"__type": ErrorCode, "Code": ErrorCode, "Logref": ..., "Message": Message}</c> with StatusCode.</summary>
internal sealed class RekognitionErrorException(string errorCode, string message, int statusCode = 400) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
    public int StatusCode { get; } = statusCode;

    public static RekognitionErrorException InvalidParameter(string message = "Request has invalid parameters") => new("InvalidParameterException", message);

    public static RekognitionErrorException Validation(string field, object? value, string constraint) =>
        new("ValidationException", $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}");

    public static RekognitionErrorException CollectionNotFound(string collectionId) =>
        new("ResourceNotFoundException", $"The collection id: {collectionId} does not exist");
}
