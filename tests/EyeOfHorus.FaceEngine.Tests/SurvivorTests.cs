namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>Decisions the first whole-project mutation run showed untested: argument guards, the clipping
/// margin per side, non-maximum suppression at its IoU, and ties in the calibration and the gallery.</summary>
public class SurvivorTests
{
    private static readonly FaceLandmarks NoLandmarks = new(default, default, default, default, default, default);

    private static LabelledFace At(string person, string photo, float x)
    {
        var v = new float[128];
        v[0] = x;
        return new LabelledFace(person, photo, v);
    }

    [Fact]
    public void Null_arguments_are_refused_by_name()
    {
        Assert.Equal("faces", Assert.Throws<ArgumentNullException>(() => Enrollment.Judge(null!, 10, 10)).ParamName);
        Assert.Equal("error", Assert.Throws<ArgumentNullException>(() => Enrollment.Undecodable(null!)).ParamName);
        Assert.Equal("faces", Assert.Throws<ArgumentNullException>(() => GalleryCalibration.Measure(null!, 0.5f)).ParamName);
    }

    [Theory]
    [InlineData(50, 10, 48, 20, false)] // right edge at 98 = 100 - 2: inside
    [InlineData(50, 10, 48.5f, 20, true)]
    [InlineData(10, 50, 20, 28, false)] // bottom edge at 78 = 80 - 2: inside
    [InlineData(10, 50, 20, 28.5f, true)]
    [InlineData(2, 2, 96, 76, false)]
    public void Each_side_is_clipped_on_its_own_in_a_picture_wider_than_high(float left, float top, float width, float height, bool clipped) =>
        Assert.Equal(clipped, Enrollment.IsClipped(new FaceBox(left, top, width, height), 100, 80));

    [Fact]
    public void Suppression_drops_a_box_overlapping_a_better_one_by_exactly_the_iou_limit()
    {
        // 1 x 6.5 boxes sharing 3 of their height: IoU 3 / 10, exactly 0.3f
        var best = (new FaceBox(0, 0, 1, 6.5f), NoLandmarks, 0.9f);
        var atLimit = (new FaceBox(0, 3.5f, 1, 6.5f), NoLandmarks, 0.8f);
        Assert.Equal(0.3f, best.Item1.IntersectionOverUnion(atLimit.Item1));
        Assert.Equal([best], FaceDetector.Suppress([atLimit, best]));
        // a little less overlap: both stay, the better first
        var below = (new FaceBox(0, 3.6f, 1, 6.5f), NoLandmarks, 0.95f);
        Assert.Equal([below, best], FaceDetector.Suppress([best, below]));
    }

    [Fact]
    public void Two_photos_of_identical_embeddings_are_the_widest_pair_at_spread_0()
    {
        var alice = Assert.Single(GalleryCalibration.Measure([At("alice", "a1.jpg", 0.2f), At("alice", "a2.jpg", 0.2f)], 0.5f));
        Assert.Equal((0f, ("a1.jpg", "a2.jpg")), (alice.Spread, alice.WidestPair));
    }

    [Fact]
    public void Of_equally_wide_pairs_the_first_in_photo_order_is_the_widest()
    {
        var alice = Assert.Single(GalleryCalibration.Measure([At("alice", "a1.jpg", 0), At("alice", "a2.jpg", 1), At("alice", "a3.jpg", 1)], 0.5f));
        Assert.Equal((1f, ("a1.jpg", "a2.jpg")), (alice.Spread, alice.WidestPair));
    }

    [Fact]
    public void Of_equally_near_other_faces_the_first_found_is_the_nearest()
    {
        var people = GalleryCalibration.Measure(
            [At("alice", "a1.jpg", 0), At("alice", "a2.jpg", 2), At("bob", "b.jpg", 1), At("carol", "c.jpg", -1)], 0.5f);
        // bob's photo is 1 from both of alice's; carol's 1 from a1: bob (first in the input), seen from a1
        Assert.Equal(new NearestFace("bob", "b.jpg", "a1.jpg", 1), people[0].Nearest);
    }

    [Fact]
    public void Replacing_the_first_face_added_keeps_one_entry()
    {
        var gallery = new FaceGallery();
        gallery.Add("first", At("", "", 1).Embedding);
        gallery.Add("first", At("", "", 3).Embedding);
        Assert.Equal(1, gallery.Count);
        Assert.Equal(new GalleryMatch("first", 3, FaceDistance.ToSimilarity(3)), Assert.Single(gallery.Search(At("", "", 0).Embedding, 5)));
    }
}
