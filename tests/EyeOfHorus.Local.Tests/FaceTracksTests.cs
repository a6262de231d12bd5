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

    private static FrameFace Voting(string? person, double similarity, string photo = "p.jpg", double score = 0.95, FaceBox? box = null, float id = 0) =>
        new(box ?? Left, score, null, [id], person is null ? null : new GalleryMatch(person, photo, similarity));

    /// <summary>Feeds one face per frame; returns the 1-based frame numbers with their decisions.</summary>
    private static List<(int Frame, TrackDecision Decision)> Feed(FaceTracks tracks, params FrameFace[] frames)
    {
        var all = new List<(int, TrackDecision)>();
        for (var i = 0; i < frames.Length; i++)
            foreach (var d in tracks.Observe(T0 + Frame(i), [frames[i]], Similarity)) all.Add((i + 1, d));
        return all;
    }

    [Fact]
    public void A_match_exactly_at_the_threshold_votes_and_just_below_does_not()
    {
        var (frame, d) = Assert.Single(Feed(new FaceTracks(TrackRules.Default), Voting("obama", 90), Voting("obama", 90)));
        Assert.Equal((2, TrackVerdict.Known, "obama", 90.0), (frame, d.Verdict, d.Person, d.Similarity));
        var below = Feed(new FaceTracks(TrackRules.Default), Voting("obama", 89.99), Voting("obama", 89.99), Voting("obama", 89.99));
        Assert.Equal((3, TrackVerdict.Unknown), (below.Single().Frame, below.Single().Decision.Verdict));
    }

    [Fact]
    public void The_track_is_named_at_exactly_min_faces_with_the_median_vote_and_the_best_score()
    {
        var rules = TrackRules.Default with { MinFaces = 3 };
        var (frame, d) = Assert.Single(Feed(new FaceTracks(rules),
            Voting("obama", 91, "a.jpg", 0.80), Voting("obama", 99, "b.jpg", 0.97, new FaceBox(102, 100, 120, 120)), Voting("obama", 95, "c.jpg", 0.90, new FaceBox(104, 101, 118, 121))));
        Assert.Equal(3, frame);
        Assert.Equal(new TrackDecision(1, TrackVerdict.Known, "obama", "c.jpg", 95, 0.97, new FaceBox(104, 101, 118, 121), 3, T0), d);
    }

    [Fact]
    public void With_an_even_number_of_votes_the_median_is_the_upper_middle_one()
    {
        var rules = TrackRules.Default with { MinFaces = 4 };
        var (_, d) = Assert.Single(Feed(new FaceTracks(rules), Voting("obama", 99, "a.jpg"), Voting("obama", 91, "b.jpg"), Voting("obama", 97, "c.jpg"), Voting("obama", 93, "d.jpg")));
        Assert.Equal(("c.jpg", 97.0, 4), (d.Photo, d.Similarity, d.GoodFrames));
    }

    [Fact]
    public void The_leader_holding_exactly_the_agreement_share_is_named()
    {
        // 2 of 4 good frames at Agreement 0.5: named at the fourth frame, not later.
        var rules = TrackRules.Default with { Agreement = 0.5 };
        var (frame, d) = Assert.Single(Feed(new FaceTracks(rules), Voting(null, 0), Voting("obama", 60), Voting("obama", 95), Voting("obama", 95)));
        Assert.Equal((4, TrackVerdict.Known), (frame, d.Verdict));
    }

    [Fact]
    public void A_runner_up_with_half_the_leaders_votes_blocks_the_name_until_the_leader_pulls_ahead()
    {
        // obama 2 : biden 1 after three frames (runner-up exactly half): no name; obama 5 : biden 2 at the seventh frame is named.
        var all = Feed(new FaceTracks(TrackRules.Default),
            Voting("obama", 95), Voting("biden", 95), Voting("obama", 95), Voting("biden", 95), Voting("obama", 95), Voting("obama", 95), Voting("obama", 95));
        var (frame, d) = Assert.Single(all);
        Assert.Equal((7, "obama", 7), (frame, d.Person, d.GoodFrames));
    }

    [Fact]
    public void A_stranger_is_called_unknown_at_exactly_min_unknown_frames()
    {
        var (frame, d) = Assert.Single(Feed(new FaceTracks(TrackRules.Default), Voting(null, 0, score: 0.9), Voting(null, 0, score: 0.93), Voting(null, 0, score: 0.91)));
        Assert.Equal(3, frame);
        Assert.Equal(new TrackDecision(1, TrackVerdict.Unknown, null, null, null, 0.93, Left, 3, T0), d);
    }

    [Fact]
    public void Unknown_needs_the_no_match_frames_to_hold_the_agreement_share_and_no_one_else_to()
    {
        // Agreement 0.5: two no-match frames of four is exactly the share.
        var rules = TrackRules.Default with { Agreement = 0.5, MinUnknownFrames = 2, MinFaces = 3 };
        var (frame, d) = Assert.Single(Feed(new FaceTracks(rules), Voting("obama", 95), Voting("biden", 95), Voting(null, 0), Voting(null, 0)));
        Assert.Equal((4, TrackVerdict.Unknown), (frame, d.Verdict));

        // The leader holds the share but has fewer than MinFaces votes: neither unknown nor named until its third vote.
        var held = Feed(new FaceTracks(rules with { Agreement = 0.3 }), Voting("obama", 95), Voting(null, 0), Voting(null, 0), Voting("obama", 95), Voting("obama", 95));
        var (heldFrame, named) = Assert.Single(held);
        Assert.Equal((5, TrackVerdict.Known, "obama"), (heldFrame, named.Verdict, named.Person));
    }

    [Fact]
    public void Votes_split_between_two_people_do_not_make_a_face_unknown_until_the_no_match_frames_hold_the_share()
    {
        // Default rules (Agreement 0.6, 3 no-match frames). Four votes split 2:2 name no one; three no-match frames
        // of seven are not 60 %: still undecided. The fourth no-match frame (4 of 8) is not either; the sixth (6 of 10) is.
        var frames = new[] { Voting("alice", 95), Voting("bob", 95), Voting("alice", 95), Voting("bob", 95) }
            .Concat(Enumerable.Repeat(Voting(null, 0), 6)).ToArray();
        var (frame, d) = Assert.Single(Feed(new FaceTracks(TrackRules.Default), frames));
        Assert.Equal((10, TrackVerdict.Unknown, 10), (frame, d.Verdict, d.GoodFrames));
    }

    [Fact]
    public void A_frame_with_an_embedding_but_a_reason_it_is_unusable_does_not_vote()
    {
        var blurred = new FrameFace(Left, 0.95, "blurred", [0], new GalleryMatch("obama", "p.jpg", 99));
        Assert.False(blurred.IsUsable);
        Assert.Empty(Feed(new FaceTracks(TrackRules.Default), blurred, blurred, blurred, blurred));
    }

    [Fact]
    public void A_track_seen_again_exactly_at_the_timeout_continues()
    {
        var tracks = new FaceTracks(TrackRules.Default with { Timeout = TimeSpan.FromSeconds(2) });
        Assert.Empty(tracks.Observe(T0, [Voting("obama", 96)], Similarity));
        var d = Assert.Single(tracks.Observe(T0 + TimeSpan.FromSeconds(2), [Voting("obama", 96)], Similarity));
        Assert.Equal((1L, T0), (d.TrackId, d.FirstSeen));
        Assert.Empty(tracks.Observe(T0 + TimeSpan.FromSeconds(4.001), [], Similarity));
        Assert.Equal(0, tracks.ActiveTracks);
    }

    [Fact]
    public void Default_rules_are_the_documented_ones()
    {
        Assert.Equal(new TrackRules(90, 2, 0.6, 3, 0.3, 95, 90, null), TrackRules.Default);
        Assert.Equal(TimeSpan.FromSeconds(2), TrackRules.Default.TrackTimeout);
    }

    [Fact]
    public void Box_overlap_is_intersection_over_union()
    {
        var a = new FaceBox(0, 0, 100, 100);
        Assert.Equal(1, a.Overlap(a));
        Assert.Equal(1.0 / 3, a.Overlap(new FaceBox(50, 0, 100, 100)));
        Assert.Equal(1.0 / 3, a.Overlap(new FaceBox(0, 50, 100, 100)));
        Assert.Equal(1.0 / 3, new FaceBox(50, 50, 100, 100).Overlap(new FaceBox(50, 0, 100, 100)));
        Assert.Equal(0.25, a.Overlap(new FaceBox(25, 25, 50, 50)));
        Assert.Equal(0.25, new FaceBox(25, 25, 50, 50).Overlap(a));
        Assert.Equal(0, a.Overlap(new FaceBox(100, 0, 100, 100)));   // touching edges
        Assert.Equal(0, a.Overlap(new FaceBox(0, 100, 100, 100)));
        Assert.Equal(0, a.Overlap(new FaceBox(300, 300, 10, 10)));
        Assert.Equal((100.0, 150.0, 0.0), (a.Right, new FaceBox(0, 50, 10, 100).Bottom, new FaceBox(0, 0, -5, 10).Area));
        Assert.Equal(0, new FaceBox(0, 0, 10, -5).Area);
    }

    [Fact]
    public void An_overlap_exactly_at_the_bar_continues_the_track_and_just_below_starts_another()
    {
        // Embeddings 94 similar: too little to continue by embedding alone, enough not to be someone else.
        var rules = TrackRules.Default with { MinOverlap = 1.0 / 3 };
        var at = new FaceTracks(rules);
        at.Observe(T0, [Voting("obama", 95, box: new FaceBox(0, 0, 100, 100), id: 0)], Similarity);
        Assert.Single(at.Observe(T0 + Frame(1), [Voting("obama", 95, box: new FaceBox(50, 0, 100, 100), id: 0.6f)], Similarity));
        Assert.Equal(1, at.ActiveTracks);

        var below = new FaceTracks(rules);
        below.Observe(T0, [Voting("obama", 95, box: new FaceBox(0, 0, 100, 100), id: 0)], Similarity);
        Assert.Empty(below.Observe(T0 + Frame(1), [Voting("obama", 95, box: new FaceBox(51, 0, 100, 100), id: 0.6f)], Similarity));
        Assert.Equal(2, below.ActiveTracks);
    }

    [Fact]
    public void A_face_overlapping_two_tracks_joins_the_one_it_overlaps_most()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        Assert.Empty(tracks.Observe(T0, [Voting("obama", 95, box: new FaceBox(0, 0, 100, 100)), Voting("obama", 95, box: new FaceBox(60, 0, 100, 100))], Similarity));
        // Overlap 0.43 with the first track, 0.67 with the second.
        var d = Assert.Single(tracks.Observe(T0 + Frame(1), [Voting("obama", 95, box: new FaceBox(40, 0, 100, 100))], Similarity));
        Assert.Equal(2, d.TrackId);
    }

    [Fact]
    public void Without_overlap_an_embedding_exactly_as_similar_as_the_bar_continues_the_most_similar_track()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        tracks.Observe(T0, [Voting("obama", 95, box: Left, id: 0), Voting("obama", 95, box: Right, id: 10)], Similarity);
        // Far from both boxes; 95 similar to the first track, 5 to the second: continues the first.
        var d = Assert.Single(tracks.Observe(T0 + Frame(1), [Voting("obama", 95, box: new FaceBox(700, 300, 120, 120), id: 0.5f)], Similarity));
        Assert.Equal(1, d.TrackId);

        var closer = new FaceTracks(TrackRules.Default);
        closer.Observe(T0, [Voting("obama", 95, box: Left, id: 0), Voting("obama", 95, box: Right, id: 0.4f)], Similarity);
        // 97.5 similar to the first, 98.5 to the second: the second.
        Assert.Equal(2, Assert.Single(closer.Observe(T0 + Frame(1), [Voting("obama", 95, box: new FaceBox(700, 300, 120, 120), id: 0.25f)], Similarity)).TrackId);

        var apart = new FaceTracks(TrackRules.Default);
        apart.Observe(T0, [Voting("obama", 95, box: Left, id: 0)], Similarity);
        Assert.Empty(apart.Observe(T0 + Frame(1), [Voting("obama", 95, box: new FaceBox(700, 300, 120, 120), id: 0.6f)], Similarity)); // 94: a new track
        Assert.Equal(2, apart.ActiveTracks);
    }

    [Fact]
    public void A_track_continues_one_face_only_and_the_others_start_their_own()
    {
        // Two faces overlapping the one track, same embedding: the one that overlaps most continues it.
        var overlap = new FaceTracks(TrackRules.Default);
        overlap.Observe(T0, [Voting("obama", 95, box: new FaceBox(100, 100, 100, 100))], Similarity);
        overlap.Observe(T0 + Frame(1), [Voting("obama", 95, box: new FaceBox(110, 100, 100, 100)), Voting("obama", 95, box: new FaceBox(150, 100, 100, 100))], Similarity);
        Assert.Equal(2, overlap.ActiveTracks);

        // One face continues the track by overlap; another far away with the same embedding cannot take it too.
        var taken = new FaceTracks(TrackRules.Default);
        taken.Observe(T0, [Voting("obama", 95, box: Left)], Similarity);
        taken.Observe(T0 + Frame(1), [Voting("obama", 95, box: Left), Voting("obama", 95, box: new FaceBox(700, 300, 120, 120))], Similarity);
        Assert.Equal(2, taken.ActiveTracks);

        // Two faces far from the track, both similar enough by embedding: only the first continues it.
        var similar = new FaceTracks(TrackRules.Default);
        similar.Observe(T0, [Voting("obama", 95, box: Left)], Similarity);
        similar.Observe(T0 + Frame(1), [Voting("obama", 95, box: new FaceBox(700, 300, 120, 120), id: 0.1f), Voting("obama", 95, box: new FaceBox(1000, 300, 120, 120), id: 0.1f)], Similarity);
        Assert.Equal(2, similar.ActiveTracks);
    }

    [Fact]
    public void An_unusable_frame_keeps_the_tracks_last_embedding()
    {
        var tracks = new FaceTracks(TrackRules.Default);
        tracks.Observe(T0, [Voting("obama", 95, box: Left, id: 0)], Similarity);
        tracks.Observe(T0 + Frame(1), [new FrameFace(Left, 0.9, "blurred", null, null)], Similarity);
        // A fast move: continued by the embedding seen two frames ago.
        var d = Assert.Single(tracks.Observe(T0 + Frame(2), [Voting("obama", 95, box: Right, id: 0.2f)], Similarity));
        Assert.Equal(1, d.TrackId);
    }
}
