using EyeOfHorus.Recognition.Records;
using EngineDetection = EyeOfHorus.FaceEngine.DetectedFace;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>One face to identify: the frame it is in and its region there, in frame pixels.</summary>
/// <param name="Face">The engine's detection (landmarks, aligned chip, quality); null: the whole frame, searched ungated.</param>
public sealed record FaceQuery(FrameImage Frame, FaceRect Region, EngineDetection? Face);

public enum SearchStatus
{
    /// <summary>Searched: <see cref="SearchOutcome.Result"/> goes into the frame's record (with or without matches).</summary>
    Searched,

    /// <summary>The searcher sees no face there: no record entry; the face waits for its cooldown like a searched one.</summary>
    NotAFace,

    /// <summary>The search could not be made (throttled, unreachable): the face is searched again in the next frame.</summary>
    Failed,
}

/// <param name="Result">The record's entry for the face (its box in fractions of the whole frame, the matches); null unless searched.</param>
public sealed record SearchOutcome(SearchStatus Status, FaceSearchResult? Result)
{
    public static SearchOutcome NotAFace { get; } = new(SearchStatus.NotAFace, null);
    public static SearchOutcome Failed { get; } = new(SearchStatus.Failed, null);
    public static SearchOutcome Searched(FaceSearchResult result) => new(SearchStatus.Searched, result);
}

/// <summary>
/// The search step of the edge analysis: who a gated face is, as the stream processor would have
/// reported it. <see cref="RekognitionFaceSearch"/> (SearchFacesByImage) in edge mode; a search of a
/// local gallery can take its place without touching the gating.
/// </summary>
public interface IFaceSearch
{
    Task<SearchOutcome> SearchAsync(FaceQuery query, CancellationToken ct);
}
