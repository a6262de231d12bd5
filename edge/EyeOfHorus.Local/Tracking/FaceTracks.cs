namespace EyeOfHorus.Local.Tracking;

public enum TrackVerdict { Undecided, Known, Unknown }

/// <summary>
/// A decision the tracks reached in this frame: the track, who it is (null: unknown), the median
/// similarity of the agreeing frames, the best detection score and the box in this frame.
/// </summary>
public sealed record TrackDecision(long TrackId, TrackVerdict Verdict, string? Person, string? Photo, double? Similarity, double Score, FaceBox Box, int GoodFrames, DateTimeOffset FirstSeen);

/// <summary>
/// Follows the faces of one camera across sampled frames (box overlap with a similar embedding, else embedding similarity alone)
/// and decides per track, not per frame: a track is named when <see cref="TrackRules.MinFaces"/> of
/// its good frames vote for the same person and that person holds <see cref="TrackRules.Agreement"/>
/// of its good frames (with no second person holding half as many votes); it is unknown after <see cref="TrackRules.MinUnknownFrames"/> good frames
/// matching no one, with no one holding the agreement. Each track decides once.
/// </summary>
public sealed class FaceTracks(TrackRules rules)
{
    private sealed class Track(long id, DateTimeOffset firstSeen)
    {
        public long Id { get; } = id;
        public DateTimeOffset FirstSeen { get; } = firstSeen;
        public DateTimeOffset LastSeen { get; set; } = firstSeen;
        public FaceBox Box { get; set; }
        public float[]? Embedding { get; set; }
        public int GoodFrames { get; set; }
        public int NoMatchFrames { get; set; }
        public double BestScore { get; set; }
        public Dictionary<string, List<(double Similarity, string Photo)>> Votes { get; } = new(StringComparer.Ordinal);
        public TrackVerdict Verdict { get; set; }
    }

    private readonly List<Track> _tracks = [];
    private long _nextId = 1;

    public int ActiveTracks => _tracks.Count;

    /// <summary>Feeds one sampled frame's faces; returns the decisions reached in it.</summary>
    public IReadOnlyList<TrackDecision> Observe(DateTimeOffset time, IReadOnlyList<FrameFace> faces, Func<float[], float[], double> similarity)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(similarity);
        _tracks.RemoveAll(t => time - t.LastSeen > rules.TrackTimeout);

        var assigned = Assign(faces, similarity);
        var decisions = new List<TrackDecision>();
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            var track = assigned[i];
            if (track is null)
            {
                track = new Track(_nextId++, time);
                _tracks.Add(track);
            }
            track.LastSeen = time;
            track.Box = face.Box;
            if (face.Embedding is not null) track.Embedding = face.Embedding;
            if (!face.IsUsable) continue;

            track.GoodFrames++;
            track.BestScore = Math.Max(track.BestScore, face.Score);
            if (face.Match is { } m && m.Similarity >= rules.MatchThreshold)
            {
                if (!track.Votes.TryGetValue(m.Person, out var votes)) track.Votes[m.Person] = votes = [];
                votes.Add((m.Similarity, m.Photo));
            }
            else track.NoMatchFrames++;

            if (track.Verdict != TrackVerdict.Undecided) continue;
            if (Decide(track, face.Box) is { } decision) decisions.Add(decision);
        }
        return decisions;
    }

    private TrackDecision? Decide(Track track, FaceBox box)
    {
        // Type arguments spelled out: Stryker.NET cannot compile its mutants of this method with them inferred (CS0411), and then measures none of it.
        var ranked = track.Votes.OrderByDescending<KeyValuePair<string, List<(double Similarity, string Photo)>>, int>(kv => kv.Value.Count).ToList();
        var (leader, votes) = ranked.Count == 0 ? (null, null) : (ranked[0].Key, ranked[0].Value);
        var runnerUp = ranked.Count > 1 ? ranked[1].Value.Count : 0;
        // Agreement: the leader holds the share of good frames, and no second person comes close.
        var holdsAgreement = votes is not null && votes.Count >= rules.Agreement * track.GoodFrames && runnerUp * 2 < votes.Count;
        if (leader is not null && votes!.Count >= rules.MinFaces && holdsAgreement)
        {
            track.Verdict = TrackVerdict.Known;
            var sorted = votes.OrderBy<(double Similarity, string Photo), double>(v => v.Similarity).ToList();
            var median = sorted[sorted.Count / 2];
            return new TrackDecision(track.Id, TrackVerdict.Known, leader, median.Photo, median.Similarity, track.BestScore, box, track.GoodFrames, track.FirstSeen);
        }
        if (track.NoMatchFrames >= rules.MinUnknownFrames && !holdsAgreement && track.NoMatchFrames >= rules.Agreement * track.GoodFrames)
        {
            track.Verdict = TrackVerdict.Unknown;
            return new TrackDecision(track.Id, TrackVerdict.Unknown, null, null, null, track.BestScore, box, track.GoodFrames, track.FirstSeen);
        }
        return null;
    }

    // Greedy: the pairs with the most overlap first (a pair whose embeddings say two different people does not count); a face left over joins the open track whose last
    // embedding it resembles most (above SameFaceSimilarity), else it starts a new track.
    private Track?[] Assign(IReadOnlyList<FrameFace> faces, Func<float[], float[], double> similarity)
    {
        var result = new Track?[faces.Count];
        var taken = new HashSet<Track>();
        var pairs = new List<(double Overlap, int Face, Track Track)>();
        for (var i = 0; i < faces.Count; i++)
            foreach (var t in _tracks)
            {
                var o = faces[i].Box.Overlap(t.Box);
                if (o >= rules.MinOverlap && !SomeoneElse(faces[i], t, similarity)) pairs.Add((o, i, t));
            }
        foreach (var (_, i, t) in pairs.OrderByDescending(p => p.Overlap))
        {
            if (result[i] is not null || taken.Contains(t)) continue;
            result[i] = t;
            taken.Add(t);
        }
        for (var i = 0; i < faces.Count; i++)
        {
            float[]? e = faces[i].Embedding;
            if (result[i] is not null || e is null) continue;
            var best = _tracks.Where(t => !taken.Contains(t) && t.Embedding is not null)
                .Select(t => (Track: t, Similarity: similarity(e, t.Embedding!)))
                .Where(x => x.Similarity >= rules.SameFaceSimilarity)
                .OrderByDescending(x => x.Similarity)
                .FirstOrDefault();
            if (best.Track is null) continue;
            result[i] = best.Track;
            taken.Add(best.Track);
        }
        return result;
    }

    // A face without an embedding (unusable this frame) cannot say, and stays with the track it overlaps.
    private bool SomeoneElse(FrameFace face, Track track, Func<float[], float[], double> similarity) =>
        face.Embedding is { } e && track.Embedding is { } last && similarity(e, last) < rules.OverlapSimilarity;
}
