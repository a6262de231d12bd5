using EyeOfHorus.Edge.Analysis;

namespace EyeOfHorus.Edge.Tests.Analysis;

public class FaceTrackerTests
{
    private static readonly TrackerOptions Options = new(Cooldown: TimeSpan.FromSeconds(10), LostAfter: TimeSpan.FromSeconds(1.5));
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_face_still_in_view_is_searched_once_per_cooldown()
    {
        var tracker = new FaceTracker(Options);
        var searches = 0;
        for (var t = 0.0; t < 25; t += 0.5)
        {
            // A face jittering by a few pixels, as the Haar detector reports it.
            var jitter = (int)(t * 2) % 3;
            searches += tracker.Observe(S(t), [new FaceRect(300 + jitter, 100 - jitter, 120 + jitter, 120 + jitter)]).Count;
        }
        Assert.Equal(3, searches); // at 0 s, 10 s and 20 s
    }

    [Fact]
    public void A_second_face_is_searched_while_the_first_is_not()
    {
        var tracker = new FaceTracker(Options);
        Assert.Single(tracker.Observe(S(0), [new FaceRect(50, 50, 100, 100)]));
        var second = tracker.Observe(S(0.5), [new FaceRect(52, 50, 100, 100), new FaceRect(400, 60, 90, 90)]);
        Assert.Equal([new FaceRect(400, 60, 90, 90)], second.Select(s => s.Face));
    }

    [Fact]
    public void A_face_that_moved_far_between_samples_is_searched_again()
    {
        var tracker = new FaceTracker(Options);
        Assert.Single(tracker.Observe(S(0), [new FaceRect(50, 50, 100, 100)]));
        Assert.Single(tracker.Observe(S(0.5), [new FaceRect(420, 300, 100, 100)]));
    }

    [Fact]
    public void A_face_that_moves_slowly_is_followed_and_not_searched_again()
    {
        var tracker = new FaceTracker(Options);
        var searches = 0;
        for (var i = 0; i < 10; i++) searches += tracker.Observe(S(i * 0.5), [new FaceRect(50 + (i * 30), 50, 100, 100)]).Count;
        Assert.Equal(1, searches);
    }

    [Fact]
    public void A_face_that_left_and_came_back_is_searched_again_but_a_missed_detection_is_tolerated()
    {
        var tracker = new FaceTracker(Options);
        var face = new FaceRect(50, 50, 100, 100);
        Assert.Single(tracker.Observe(S(0), [face]));
        Assert.Empty(tracker.Observe(S(0.5), []));          // the detector missed it once
        Assert.Empty(tracker.Observe(S(1.0), [face]));      // still the same visit
        Assert.Empty(tracker.Observe(S(1.5), []));
        Assert.Empty(tracker.Observe(S(2.0), []));
        Assert.Empty(tracker.Observe(S(2.5), []));
        Assert.Equal(1, tracker.TrackedFaces);
        Assert.Single(tracker.Observe(S(3.0), [face]));     // gone for 2 s: a new visit
    }

    [Fact]
    public void A_failed_search_is_retried_at_the_next_frame()
    {
        var tracker = new FaceTracker(Options);
        var face = new FaceRect(50, 50, 100, 100);
        var first = Assert.Single(tracker.Observe(S(0), [face]));
        tracker.SearchFailed(first.TrackId);
        Assert.Equal(first.TrackId, Assert.Single(tracker.Observe(S(0.5), [face])).TrackId);
        Assert.Empty(tracker.Observe(S(1.0), [face]));
    }

    [Fact]
    public void A_face_reported_twice_in_one_frame_is_searched_once()
    {
        var tracker = new FaceTracker(Options);
        Assert.Single(tracker.Observe(S(0), [new FaceRect(50, 50, 100, 100), new FaceRect(70, 70, 50, 50)]));
    }

    [Fact]
    public void Time_going_back_means_a_restarted_pipeline_and_forgets_every_face()
    {
        var tracker = new FaceTracker(Options);
        var face = new FaceRect(50, 50, 100, 100);
        Assert.Single(tracker.Observe(S(30), [face]));
        Assert.Single(tracker.Observe(S(0), [face]));
    }

    [Fact]
    public void A_face_not_yet_searchable_is_followed_and_searched_at_its_first_searchable_frame_only()
    {
        var tracker = new FaceTracker(Options);
        var face = new FaceRect(50, 50, 100, 100);
        var other = new FaceRect(400, 60, 90, 90);
        Assert.Empty(tracker.Observe(S(0), [face], _ => false));          // blurred: tracked, no search
        Assert.Equal(1, tracker.TrackedFaces);
        var both = tracker.Observe(S(0.5), [other, face], i => i == 1);   // the first face turns good, a new one is not
        Assert.Equal((face, 1), (Assert.Single(both).Face, both[0].Index));
        Assert.Empty(tracker.Observe(S(1), [face, other], i => i == 0));  // searched face within its cooldown
        Assert.Equal(1, Assert.Single(tracker.Observe(S(1.5), [face, other])).Index); // the other, once searchable
    }
}
