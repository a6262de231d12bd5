namespace EyeOfHorus.Local.Tracking;

/// <summary>
/// When a followed face becomes an identity. The threshold alone names a stranger after the closest
/// authorised person in a single frame; these rules ask several good frames to agree first.
/// </summary>
/// <param name="MatchThreshold">Similarity (0-100) a frame's best match must reach to vote for its person (the alert threshold).</param>
/// <param name="MinFaces">Good frames that must vote for the same person before the track is named (Frigate's min_faces).</param>
/// <param name="Agreement">Share of the track's good frames that must vote for that person.</param>
/// <param name="MinUnknownFrames">Good frames matching no one before the track is called unknown.</param>
/// <param name="MinOverlap">Box overlap (IoU) that continues a track from one sampled frame to the next.</param>
/// <param name="SameFaceSimilarity">Without enough overlap (a fast move), an embedding this similar to the track's last one continues it.</param>
/// <param name="OverlapSimilarity">An overlapping face continues a track only when its embedding is at least this similar to the
/// track's last one: below, someone else stepped into the same place (the next person through a door, within <see cref="TrackTimeout"/>)
/// and starts a track of their own. 90 is the engine's calibrated same-person distance (0.50): different people measured 88.5 and
/// below, the same person in different photos 90.8 and above (README, "Local face engine").</param>
/// <param name="Timeout">A track not seen for this long has left; the next sighting is a new visit.</param>
public sealed record TrackRules(
    double MatchThreshold = 90,
    int MinFaces = 2,
    double Agreement = 0.6,
    int MinUnknownFrames = 3,
    double MinOverlap = 0.3,
    double SameFaceSimilarity = 95,
    double OverlapSimilarity = 90,
    TimeSpan? Timeout = null)
{
    public TimeSpan TrackTimeout => Timeout ?? TimeSpan.FromSeconds(2);

    public static TrackRules Default { get; } = new();
}
