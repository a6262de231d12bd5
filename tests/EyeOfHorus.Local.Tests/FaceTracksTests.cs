using EyeOfHorus.Local.Tracking;

namespace EyeOfHorus.Local.Tests;

public class FaceTracksTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly FaceBox Left = new(100, 100, 120, 120), Right = new(400, 100, 120, 120);

    // Embeddings are points on a line here: similarity falls with their distance (the tracker only compares them).
    private static double Similarity(float[] a, float[] b) => 100 - (10 * Math.Abs(a[0] - b[0]));

    private static FrameFace Face(FaceBox box, string? person, double similarity, float id = 0, string? unusable = null) =>
        new(box, 0.95, unusable, unusable is null ? [id] : null, person is null ? null : new GalleryMatch(person, "p.jpg", similarity));

    private static TimeSpan Frame(int n) => TimeSpan.FromMilliseconds(250 * n);

    [Fact]
    public void A_known_person_is_named_once_when_two_good_frames_agree()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        Assert.Empty(tracks.Observe(T0, [Face(Left, "obama", 96)], Similarity));
        var decisions = tracks.Observe(T0 + Frame(1), [Face(Left, "obama", 94)], Similarity);
        var d = Assert.Single(decisions);
        Assert.Equal((TrackVerdict.Known, "obama"), (d.Verdict, d.Person));
        Assert.Equal(T0, d.FirstSeen);
        for (var i = 2; i < 10; i++) Assert.Empty(tracks.Observe(T0 + Frame(i), [Face(Left, "obama", 95)], Similarity));
    }

    [Fact]
    public void A_stranger_matching_someone_in_one_frame_is_called_unknown_not_named()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        var all = new List<TrackDecision>();
        all.AddRange(tracks.Observe(T0, [Face(Left, "obama", 91)], Similarity));      // one close call above the threshold
        all.AddRange(tracks.Observe(T0 + Frame(1), [Face(Left, "obama", 80)], Similarity));
        all.AddRange(tracks.Observe(T0 + Frame(2), [Face(Left, "obama", 78)], Similarity));
        all.AddRange(tracks.Observe(T0 + Frame(3), [Face(Left, "obama", 82)], Similarity));
        var d = Assert.Single(all);
        Assert.Equal(TrackVerdict.Unknown, d.Verdict);
        Assert.Null(d.Person);
    }

    [Fact]
    public void Frames_that_cannot_carry_an_identity_neither_name_nor_call_unknown()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        for (var i = 0; i < 10; i++)
            Assert.Empty(tracks.Observe(T0 + Frame(i), [Face(Left, null, 0, unusable: i % 2 == 0 ? "blurred" : "clipped by the frame edge")], Similarity));
        Assert.Equal(1, tracks.ActiveTracks);
    }

    [Fact]
    public void Two_faces_side_by_side_are_two_tracks_with_their_own_decisions()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        var all = new List<TrackDecision>();
        for (var i = 0; i < 4; i++)
            all.AddRange(tracks.Observe(T0 + Frame(i), [Face(Left, "obama", 95, 0), Face(Right, null, 0, 5)], Similarity));
        Assert.Equal(2, tracks.ActiveTracks);
        Assert.Equal(2, all.Count);
        Assert.Contains(all, d => d.Verdict == TrackVerdict.Known && d.Person == "obama" && d.Box == Left);
        Assert.Contains(all, d => d.Verdict == TrackVerdict.Unknown && d.Box == Right);
        Assert.NotEqual(all[0].TrackId, all[1].TrackId);
    }

    [Fact]
    public void A_fast_move_keeps_the_track_when_the_embedding_is_the_same_face()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        Assert.Empty(tracks.Observe(T0, [Face(Left, "obama", 96, 1)], Similarity));
        var d = Assert.Single(tracks.Observe(T0 + Frame(1), [Face(Right, "obama", 96, 1.1f)], Similarity));
        Assert.Equal(1, tracks.ActiveTracks);
        Assert.Equal(TrackVerdict.Known, d.Verdict);
    }

    [Fact]
    public void Leaving_for_longer_than_the_timeout_starts_a_new_visit()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        tracks.Observe(T0, [Face(Left, "obama", 96)], Similarity);
        Assert.Single(tracks.Observe(T0 + Frame(1), [Face(Left, "obama", 96)], Similarity));
        tracks.Observe(T0 + TimeSpan.FromSeconds(10), [], Similarity);
        Assert.Equal(0, tracks.ActiveTracks);
        tracks.Observe(T0 + TimeSpan.FromSeconds(11), [Face(Left, "obama", 96)], Similarity);
        var again = Assert.Single(tracks.Observe(T0 + TimeSpan.FromSeconds(11.25), [Face(Left, "obama", 96)], Similarity));
        Assert.Equal(T0 + TimeSpan.FromSeconds(11), again.FirstSeen);
    }

    [Fact]
    public void Someone_else_stepping_into_the_same_place_within_the_timeout_is_a_new_track_with_its_own_decision()
    {
        // obama is named, leaves, and a stranger stands where he stood 1 s later (less than the track timeout).
        var tracks = new FaceTracks(TrackRules.Default);
        tracks.Observe(T0, [Face(Left, "obama", 96, 0)], Similarity);
        var obama = Assert.Single(tracks.Observe(T0 + Frame(1), [Face(Left, "obama", 96, 0)], Similarity));
        var all = new List<TrackDecision>();
        for (var i = 6; i < 10; i++) all.AddRange(tracks.Observe(T0 + Frame(i), [Face(Left, "obama", 82, 2)], Similarity)); // embedding similarity 80 to obama's last
        var stranger = Assert.Single(all);
        Assert.Equal(TrackVerdict.Unknown, stranger.Verdict);
        Assert.NotEqual(obama.TrackId, stranger.TrackId);
        Assert.Equal(T0 + Frame(6), stranger.FirstSeen);
    }

    [Fact]
    public void An_overlapping_face_as_similar_as_the_overlap_bar_stays_in_its_track()
    {
        var rules = TrackRules.Default with { OverlapSimilarity = 80 };
        var tracks = new FaceTracks(rules);
        tracks.Observe(T0, [Face(Left, "obama", 96, 0)], Similarity);
        Assert.Single(tracks.Observe(T0 + Frame(1), [Face(Left, "obama", 96, 0)], Similarity));
        for (var i = 2; i < 6; i++) Assert.Empty(tracks.Observe(T0 + Frame(i), [Face(Left, "obama", 82, 2 * (i - 1))], Similarity)); // each 80 to the last: one track, decided
        Assert.Equal(1, tracks.ActiveTracks);
    }

    [Fact]
    public void Split_votes_between_two_people_name_no_one()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        var all = new List<TrackDecision>();
        for (var i = 0; i < 6; i++)
            all.AddRange(tracks.Observe(T0 + Frame(i), [Face(Left, i % 2 == 0 ? "obama" : "biden", 92)], Similarity));
        Assert.DoesNotContain(all, d => d.Verdict == TrackVerdict.Known);
    }
}
