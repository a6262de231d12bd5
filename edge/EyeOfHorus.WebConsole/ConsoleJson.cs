using System.Text.Json;

namespace EyeOfHorus.WebConsole;

/// <summary>The API's JSON shapes (camelCase). README "Web console" documents them.</summary>
internal static class ConsoleJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}

public sealed record ConsoleError(string Error);

public sealed record SessionInfo(bool PasswordRequired, bool Authenticated, string? Csrf);

public sealed record LoginRequest(string? Password);

public sealed record LiveFaceInfo(double X, double Y, double Width, double Height, string? Person, double? Similarity, string? Unusable);

public sealed record LiveFrameInfo(long Index, DateTimeOffset Time, int Width, int Height, string Url, IReadOnlyList<LiveFaceInfo> Faces);

public sealed record CameraInfo(string Name, string State, string? LastError, double Fps, long FramesRead, long FramesDropped, long Restarts, LiveFrameInfo? Frame);

public sealed record EventInfo(long Id, string Camera, string Event, string? Person, double? Similarity, DateTimeOffset Time, string Text, string? Snapshot, string? Thumbnail);

public sealed record EventPage(IReadOnlyList<EventInfo> Events, long? Next);

public sealed record EventFacets(IReadOnlyList<string> Cameras, IReadOnlyList<string> Events, IReadOnlyList<string> People);

public sealed record PhotoInfo(string Name, bool Authorised, string? Rejection, string? Detail, string? Advice, string Url, string Thumbnail);

public sealed record PersonInfo(string Name, IReadOnlyList<PhotoInfo> Photos);

public sealed record FacesInfo(string Folder, IReadOnlyList<PersonInfo> People);

public sealed record UploadResult(string Person, PhotoInfo Photo);

public sealed record NearestInfo(string Person, string Photo, string OwnPhoto, double Distance, double Similarity);

public sealed record CalibrationInfo(string Person, int Photos, double? Spread, double? SpreadSimilarity, NearestInfo? Nearest, double Margin, bool Ok, string Verdict);

public sealed record CheckInfo(double Threshold, double MatchDistance, bool AllGood, IReadOnlyList<PhotoInfo> Rejected, IReadOnlyList<CalibrationInfo> People);
