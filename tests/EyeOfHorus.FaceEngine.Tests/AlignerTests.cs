using SkiaSharp;

namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>The two measurements behind alignment and the blur verdict, on inputs whose answer is known by hand.</summary>
public class AlignerTests
{
    private const int Size = FaceAligner.ChipSize;

    // the central half of the chip, where sharpness is measured: rows and columns 37-111, 75 x 75 pixels
    private const double Count = 75 * 75;

    private static byte[] Chip(params (int X, int Y, byte R, byte G, byte B)[] dots)
    {
        var rgb = new byte[Size * Size * 3];
        foreach (var (x, y, r, g, b) in dots) (rgb[3 * (y * Size + x)], rgb[3 * (y * Size + x) + 1], rgb[3 * (y * Size + x) + 2]) = (r, g, b);
        return rgb;
    }

    /// <summary>Variance over the central half of the Laplacian of one dot of grey level v: -4v at the dot, v at its
    /// four neighbours (those inside the half), 0 elsewhere.</summary>
    private static double OneDot(double v, int neighboursInside = 4, bool dotInside = true)
    {
        double sum = (dotInside ? -4 * v : 0) + neighboursInside * v, sumSq = (dotInside ? 16 * v * v : 0) + neighboursInside * v * v;
        return sumSq / Count - sum / Count * (sum / Count);
    }

    [Fact]
    public void A_flat_chip_has_no_sharpness() =>
        Assert.Equal(0f, FaceAligner.Sharpness(Enumerable.Repeat((byte)90, Size * Size * 3).ToArray()));

    [Theory]
    [InlineData(255, 255, 255, 255.0)]
    [InlineData(255, 0, 0, 0.299 * 255)]
    [InlineData(0, 255, 0, 0.587 * 255)]
    [InlineData(0, 0, 255, 0.114 * 255)]
    public void One_dot_in_the_middle_gives_the_variance_of_its_laplacian_in_grey_levels(byte r, byte g, byte b, double grey) =>
        Assert.Equal(OneDot(grey), FaceAligner.Sharpness(Chip((75, 75, r, g, b))), 3);

    [Theory]
    [InlineData(37, 75)]   // first column of the central half
    [InlineData(111, 75)]  // last column
    [InlineData(75, 37)]   // first row
    [InlineData(75, 111)]  // last row
    public void A_dot_on_the_border_of_the_central_half_counts_with_its_three_inside_neighbours(int x, int y) =>
        Assert.Equal(OneDot(255, neighboursInside: 3), FaceAligner.Sharpness(Chip((x, y, 255, 255, 255))), 3);

    [Theory]
    [InlineData(36, 75)]
    [InlineData(112, 75)]
    [InlineData(75, 36)]
    [InlineData(75, 112)]
    public void A_dot_just_outside_the_central_half_counts_only_through_its_inside_neighbour(int x, int y) =>
        Assert.Equal(OneDot(255, neighboursInside: 1, dotInside: false), FaceAligner.Sharpness(Chip((x, y, 255, 255, 255))), 3);

    [Theory]
    [InlineData(10, 10)]
    [InlineData(35, 75)]
    [InlineData(113, 75)]
    [InlineData(75, 140)]
    public void A_dot_far_from_the_central_half_does_not_count(int x, int y) =>
        Assert.Equal(0f, FaceAligner.Sharpness(Chip((x, y, 255, 255, 255))));

    [Fact]
    public void The_similarity_transform_of_rotated_scaled_shifted_points_is_recovered_exactly()
    {
        PointF[] from = [new(10, 20), new(40, 22), new(25, 45), new(26, 60)];
        // 30 degrees, scale 1.5, shift (7, -3)
        var (c, s) = (1.5 * Math.Cos(Math.PI / 6), 1.5 * Math.Sin(Math.PI / 6));
        var to = from.Select(p => new PointF((float)(c * p.X - s * p.Y + 7), (float)(s * p.X + c * p.Y - 3))).ToArray();
        var m = FaceAligner.Similarity(from, to);
        Assert.Equal((c, -s, 7.0, s, c, -3.0), ((double)m.ScaleX, (double)m.SkewX, (double)m.TransX, (double)m.SkewY, (double)m.ScaleY, (double)m.TransY), new Tolerance(1e-4));
        Assert.Equal((0f, 0f, 1f), (m.Persp0, m.Persp1, m.Persp2));
        foreach (var (p, q) in from.Zip(to))
        {
            var mapped = m.MapPoint(p.X, p.Y);
            Assert.Equal(q.X, mapped.X, 3);
            Assert.Equal(q.Y, mapped.Y, 3);
        }
    }

    [Fact]
    public void The_best_similarity_of_points_that_do_not_fit_one_exactly_is_the_least_squares_one()
    {
        // a square onto a rectangle twice as wide: the best uniform scale is the mean of 2 and 1 (1.5), no rotation
        PointF[] from = [new(-1, -1), new(1, -1), new(1, 1), new(-1, 1)];
        PointF[] to = [new(8, 9), new(12, 9), new(12, 11), new(8, 11)];
        var m = FaceAligner.Similarity(from, to);
        Assert.Equal((1.5, 0.0, 10.0, 0.0, 1.5, 10.0), ((double)m.ScaleX, (double)m.SkewX, (double)m.TransX, (double)m.SkewY, (double)m.ScaleY, (double)m.TransY), new Tolerance(1e-5));
    }

    [Fact]
    public void The_template_is_dlib_s_mean_face_placed_with_a_quarter_of_padding()
    {
        // means of dlib's mean_face_shape points (right eye 36-41, left eye 42-47, nose tip 30, mouth 48-67),
        // chip = (0.25 + v) / 1.5 * 150, worked out separately from the published table
        (double X, double Y)[] expected = [(47.549, 46.599), (100.476, 46.599), (74.013, 76.562), (74.013, 105.422)];
        Assert.Equal(4, FaceAligner.Template.Length);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i].X, FaceAligner.Template[i].X, 0.002);
            Assert.Equal(expected[i].Y, FaceAligner.Template[i].Y, 0.002);
        }
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<(double, double, double, double, double, double)>
    {
        public bool Equals((double, double, double, double, double, double) a, (double, double, double, double, double, double) b) =>
            Math.Abs(a.Item1 - b.Item1) < epsilon && Math.Abs(a.Item2 - b.Item2) < epsilon && Math.Abs(a.Item3 - b.Item3) < epsilon &&
            Math.Abs(a.Item4 - b.Item4) < epsilon && Math.Abs(a.Item5 - b.Item5) < epsilon && Math.Abs(a.Item6 - b.Item6) < epsilon;

        public int GetHashCode((double, double, double, double, double, double) obj) => 0;
    }
}
