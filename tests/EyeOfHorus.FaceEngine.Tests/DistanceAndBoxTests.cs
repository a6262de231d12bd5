namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>The embedding distance against a plain scalar sum, the similarity mapping, and face-box overlap.</summary>
public class DistanceAndBoxTests
{
    /// <summary>Lengths below, at and around the SIMD width (4, 8 or 16 floats), and the real 128.</summary>
    public static readonly TheoryData<int> Lengths = new() { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 128, 130 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Euclidean_is_the_plain_root_of_the_summed_squares_for_any_length(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var expected = Math.Sqrt(a.Zip(b, (x, y) => ((double)x - y) * ((double)x - y)).Sum());
        Assert.Equal(expected, FaceDistance.Euclidean(a, b), 1e-5);
        Assert.Equal(expected, FaceDistance.Euclidean(b, a), 1e-5);
        Assert.Equal(0f, FaceDistance.Euclidean(a, a));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(130)]
    public void Each_position_counts_once(int length)
    {
        // a difference of 3 in one place and 4 in another: the distance is exactly 5 wherever they are
        for (var i = 0; i < length; i++)
        {
            var a = new float[length];
            var b = new float[length];
            a[i] = 3;
            b[(i + length / 2) % length] += 4;
            Assert.Equal(5f, FaceDistance.Euclidean(a, b));
        }
    }

    [Fact]
    public void Embeddings_of_different_lengths_are_refused_with_both_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => FaceDistance.Euclidean(new float[128], new float[127]));
        Assert.Equal("embeddings of 128 and 127 dimensions", e.Message);
        Assert.Throws<ArgumentException>(() => FaceDistance.Euclidean(new float[3], new float[8]));
        Assert.Throws<ArgumentException>(() => FaceDistance.Euclidean([], new float[1]));
    }

    [Theory]
    [InlineData(0f, 100f)]
    [InlineData(0.05f, 99f)]
    [InlineData(0.25f, 95f)]
    [InlineData(0.5f, 90f)]
    [InlineData(1f, 80f)]
    [InlineData(4.5f, 10f)]
    [InlineData(5f, 0f)]
    [InlineData(7f, 0f)]      // would be -40: clamped
    [InlineData(-0.5f, 100f)] // would be 110: clamped
    public void Similarity_is_100_minus_20_per_unit_of_distance_clamped_to_0_100(float distance, float similarity)
    {
        Assert.Equal(similarity, FaceDistance.ToSimilarity(distance), 4);
        if (similarity is > 0 and < 100) Assert.Equal(distance, FaceDistance.ToDistance(similarity), 5);
    }

    [Theory]
    [InlineData(100f, 0f)]
    [InlineData(99f, 0.05f)]
    [InlineData(80f, 1f)]
    [InlineData(0f, 5f)]
    [InlineData(120f, 0f)] // above 100: the distance of 100
    [InlineData(-20f, 5f)] // below 0: the distance of 0
    public void The_distance_of_a_threshold_clamps_the_threshold_to_0_100(float similarity, float distance) =>
        Assert.Equal(distance, FaceDistance.ToDistance(similarity), 5);

    [Fact]
    public void A_box_s_right_and_bottom_are_its_origin_plus_its_size()
    {
        var box = new FaceBox(10, 20, 30, 50);
        Assert.Equal((40f, 70f), (box.Right, box.Bottom));
    }

    [Fact]
    public void Overlap_is_the_intersection_over_the_union()
    {
        var a = new FaceBox(0, 0, 10, 20);
        // 6 x 8 overlap = 48 of 200 + 100 - 48
        var b = new FaceBox(4, 12, 10, 10);
        Assert.Equal(48f / 252f, a.IntersectionOverUnion(b), 6);
        Assert.Equal(48f / 252f, b.IntersectionOverUnion(a), 6);
        Assert.Equal(1f, a.IntersectionOverUnion(a));
        // one inside the other: the small one's area over the big one's
        Assert.Equal(12f / 200f, a.IntersectionOverUnion(new FaceBox(2, 3, 3, 4)), 6);
        Assert.Equal(12f / 200f, new FaceBox(2, 3, 3, 4).IntersectionOverUnion(a), 6);
        // shifted up and left (negative origins, as for a face off the picture's edge)
        Assert.Equal(25f / 175f, new FaceBox(-5, -5, 10, 10).IntersectionOverUnion(new FaceBox(0, 0, 10, 10)), 6);
    }

    [Theory]
    [InlineData(20, 0)]   // beside: the heights overlap, the widths do not
    [InlineData(0, 30)]   // below: the widths overlap, the heights do not
    [InlineData(-20, 0)]
    [InlineData(0, -30)]
    [InlineData(20, 30)]
    [InlineData(10, 0)]   // touching edges
    [InlineData(0, 20)]
    public void Boxes_that_do_not_overlap_have_none(float dx, float dy) =>
        Assert.Equal(0f, new FaceBox(0, 0, 10, 20).IntersectionOverUnion(new FaceBox(dx, dy, 10, 20)));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 10)] // a vertical line
    [InlineData(10, 0)] // a horizontal line
    public void Empty_boxes_at_the_same_place_do_not_overlap(float width, float height) =>
        Assert.Equal(0f, new FaceBox(5, 5, width, height).IntersectionOverUnion(new FaceBox(5, 5, width, height)));

    [Theory]
    [InlineData(FaceQualityProblem.None, true)]
    [InlineData(FaceQualityProblem.TooSmall, false)]
    [InlineData(FaceQualityProblem.Blurred, false)]
    [InlineData(FaceQualityProblem.NotFrontal, false)]
    public void Only_a_face_without_a_problem_is_good(FaceQualityProblem problem, bool good) =>
        Assert.Equal(good, new FaceQuality(problem, 40, 100, 0).IsGood);

    [Fact]
    public void A_face_made_without_a_chip_has_an_empty_one() =>
        Assert.Empty(new DetectedFace(default, new FaceLandmarks(default, default, default, default, default, default), 0.9f, new FaceQuality(FaceQualityProblem.None, 40, 100, 0)).Chip);
}
