namespace EyeOfHorus.Edge.Analysis;

/// <summary>
/// Decides which detected faces need a Rekognition search: a face that was searched and is still in
/// view at about the same place (overlapping, or its centre within a face size) is not searched
/// again until the cooldown has passed; a new face, or one that moved far between two samples, is.
/// A face unseen for <see cref="TrackerOptions.LostAfter"/> is forgotten, so it is searched when it
/// comes back. A detector misses a face in some frames: LostAfter covers such gaps. A face that is
/// not searchable (too small, blurred, ...) is tracked but not searched: it is searched at the first
/// frame where it is searchable.
/// </summary>
public sealed class FaceTracker(TrackerOptions options)
{
    private readonly List<Track> _tracks = [];
    private long _nextId;

    public int TrackedFaces => _tracks.Count;

    /// <summary>Observes one frame's faces; returns those to search now, each with its track id and its index in <paramref name="faces"/>.</summary>
    /// <param name="searchable">Whether the face at an index may be searched in this frame; null: every face.</param>
    public IReadOnlyList<FaceToSearch> Observe(TimeSpan at, IReadOnlyList<FaceRect> faces, Func<int, bool>? searchable = null)
    {
        ArgumentNullException.ThrowIfNull(faces);
        _tracks.RemoveAll(t => at - t.LastSeen > options.LostAfter || at < t.LastSeen);
        var toSearch = new List<FaceToSearch>();
        var matched = new HashSet<Track>();
        foreach (var (face, index) in Distinct(faces))
        {
            var track = _tracks
                .Where(t => !matched.Contains(t) && IsSamePlace(t.Rect, face))
                .OrderByDescending(t => t.Rect.IntersectionOverUnion(face))
                .ThenBy(t => t.Rect.CentreDistanceInFaceSizes(face))
                .FirstOrDefault();
            if (track is null)
            {
                track = new Track(_nextId++, face, at);
                _tracks.Add(track);
            }
            matched.Add(track);
            track.Rect = face;
            track.LastSeen = at;
            if ((searchable?.Invoke(index) ?? true) && (track.LastSearched is not { } searched || at - searched >= options.Cooldown))
            {
                track.LastSearched = at;
                toSearch.Add(new FaceToSearch(track.Id, face, index));
            }
        }
        return toSearch;
    }

    /// <summary>The search for this track failed: search it again at the next frame it is in.</summary>
    public void SearchFailed(long trackId)
    {
        foreach (var track in _tracks.Where(t => t.Id == trackId)) track.LastSearched = null;
    }

    private bool IsSamePlace(FaceRect tracked, FaceRect face) =>
        tracked.IntersectionOverUnion(face) >= options.MinOverlap
        || tracked.CentreDistanceInFaceSizes(face) <= options.MaxCentreShift;

    // One face reported twice (nested or overlapping boxes): keep the larger.
    private List<(FaceRect Face, int Index)> Distinct(IReadOnlyList<FaceRect> faces)
    {
        var kept = new List<(FaceRect Face, int Index)>();
        foreach (var (face, index) in faces.Select((f, i) => (f, i)).OrderByDescending(f => f.f.Area))
        {
            if (!kept.Any(k => k.Face.IntersectionOverUnion(face) >= options.MinOverlap || ContainsCentre(k.Face, face))) kept.Add((face, index));
        }
        return kept;
    }

    private static bool ContainsCentre(FaceRect outer, FaceRect inner) =>
        inner.CentreX >= outer.X && inner.CentreX <= outer.X + outer.Width
        && inner.CentreY >= outer.Y && inner.CentreY <= outer.Y + outer.Height;

    private sealed class Track(long id, FaceRect rect, TimeSpan lastSeen)
    {
        public long Id { get; } = id;
        public FaceRect Rect { get; set; } = rect;
        public TimeSpan LastSeen { get; set; } = lastSeen;
        public TimeSpan? LastSearched { get; set; }
    }
}

/// <param name="Index">The face's index in the list given to <see cref="FaceTracker.Observe"/>.</param>
public sealed record FaceToSearch(long TrackId, FaceRect Face, int Index);

/// <param name="Cooldown">How long a face still in view is not searched again.</param>
/// <param name="LostAfter">How long a face may be unseen before it counts as gone.</param>
/// <param name="MinOverlap">Intersection over union at or above which two boxes are the same face.</param>
/// <param name="MaxCentreShift">Centre distance, in face sizes, within which two boxes are the same face.</param>
public sealed record TrackerOptions(TimeSpan Cooldown, TimeSpan LostAfter, double MinOverlap = 0.3, double MaxCentreShift = 0.5)
{
    public static TrackerOptions Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
}
