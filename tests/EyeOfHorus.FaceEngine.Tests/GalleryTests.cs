namespace EyeOfHorus.FaceEngine.Tests;

public class GalleryTests
{
    private static float[] Vector(int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, 128).Select(_ => (float)(r.NextDouble() - 0.5) * 0.1f).ToArray();
    }

    [Fact]
    public void Search_returns_the_nearest_faces_in_order_as_a_scan_of_all_distances_does()
    {
        var gallery = new FaceGallery();
        var vectors = Enumerable.Range(0, 500).Select(Vector).ToArray();
        for (var i = 0; i < vectors.Length; i++) gallery.Add($"face-{i}", vectors[i]);
        var probe = Vector(9999);
        var expected = vectors.Select((v, i) => (Id: $"face-{i}", D: Distance(v, probe))).OrderBy(t => t.D).Take(7).ToList();
        var hits = gallery.Search(probe, 7);
        Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.FaceId));
        Assert.All(hits.Zip(expected), p => Assert.Equal(p.Second.D, p.First.Distance, 4));
    }

    [Fact]
    public void Removing_and_replacing_faces_keeps_the_others_searchable()
    {
        var gallery = new FaceGallery();
        for (var i = 0; i < 100; i++) gallery.Add($"f{i}", Vector(i));
        Assert.True(gallery.Remove("f3"));
        Assert.False(gallery.Remove("f3"));
        gallery.Add("f5", Vector(1000));
        Assert.Equal(99, gallery.Count);
        Assert.Equal("f99", gallery.Search(Vector(99), 1).Single().FaceId); // moved into the removed slot
        Assert.Equal("f5", gallery.Search(Vector(1000), 1).Single().FaceId);
        Assert.DoesNotContain(gallery.Search(Vector(3), 100), h => h.FaceId == "f3");
    }

    [Fact]
    public void A_similarity_floor_leaves_out_faces_further_than_its_distance()
    {
        var gallery = new FaceGallery();
        var a = new float[128];
        var b = new float[128];
        b[0] = FaceDistance.MatchDistance * 1.01f;
        var c = new float[128];
        c[0] = FaceDistance.MatchDistance * 0.99f;
        gallery.Add("far", b);
        gallery.Add("near", c);
        Assert.Equal(["near"], gallery.Search(a, 10, minSimilarity: 90).Select(h => h.FaceId));
        Assert.Throws<ArgumentException>(() => gallery.Add("short", new float[12]));
    }

    [Fact]
    public void Similarity_falls_monotonically_with_distance_and_is_90_at_the_calibrated_distance()
    {
        Assert.Equal(100, FaceDistance.ToSimilarity(0));
        Assert.Equal(90, FaceDistance.ToSimilarity(FaceDistance.MatchDistance), 3);
        Assert.Equal(0, FaceDistance.ToSimilarity(50));
        var previous = 101f;
        for (var d = 0f; d < 6; d += 0.01f)
        {
            var s = FaceDistance.ToSimilarity(d);
            Assert.True(s <= previous);
            previous = s;
        }
        Assert.Equal(FaceDistance.MatchDistance, FaceDistance.ToDistance(90), 4);
    }

    private static float Distance(float[] a, float[] b) => MathF.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());
}
