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

    private static float[] At(float x)
    {
        var v = new float[128];
        v[0] = x;
        return v;
    }

    [Fact]
    public void A_face_exactly_at_the_similarity_floor_is_found()
    {
        var gallery = new FaceGallery();
        gallery.Add("at", At(FaceDistance.ToDistance(90)));
        gallery.Add("beyond", At(MathF.BitIncrement(FaceDistance.ToDistance(90))));
        var hit = Assert.Single(gallery.Search(At(0), 5, minSimilarity: 90));
        Assert.Equal(new GalleryMatch("at", 0.5f, 90f), hit);
    }

    [Fact]
    public void Equally_close_faces_come_in_the_order_they_were_added_and_the_first_ones_fill_the_results()
    {
        var gallery = new FaceGallery();
        foreach (var (id, x) in new[] { ("b1", 2f), ("a1", 1f), ("a2", -1f), ("b2", -2f), ("a3", 1f), ("c", 3f) }) gallery.Add(id, At(x));
        Assert.Equal(["a1", "a2", "a3", "b1", "b2", "c"], gallery.Search(At(0), 10).Select(h => h.FaceId));
        Assert.Equal(["a1", "a2"], gallery.Search(At(0), 2).Select(h => h.FaceId));
        Assert.Equal(["a1", "a2", "a3", "b1"], gallery.Search(At(0), 4).Select(h => h.FaceId));
        Assert.Equal(["a1"], gallery.Search(At(0), 1).Select(h => h.FaceId));
        var hits = gallery.Search(At(0), 10);
        Assert.All(hits, h => Assert.Equal(FaceDistance.ToSimilarity(h.Distance), h.Similarity));
        Assert.Equal([1f, 1f, 1f, 2f, 2f, 3f], hits.Select(h => h.Distance));
    }

    [Fact]
    public void A_closer_face_found_later_pushes_the_furthest_out_of_full_results()
    {
        var gallery = new FaceGallery();
        foreach (var (id, x) in new[] { ("far", 3f), ("mid", 2f), ("near", 1f), ("nearest", 0.5f) }) gallery.Add(id, At(x));
        Assert.Equal(["nearest", "near"], gallery.Search(At(0), 2).Select(h => h.FaceId));
    }

    [Fact]
    public void Searching_an_empty_gallery_finds_nothing_and_asking_for_no_result_is_refused()
    {
        var gallery = new FaceGallery();
        Assert.Empty(gallery.Search(At(0), 3));
        gallery.Add("a", At(1));
        Assert.Equal("maxResults", Assert.Throws<ArgumentOutOfRangeException>(() => gallery.Search(At(0), 0)).ParamName);
        Assert.Equal("maxResults", Assert.Throws<ArgumentOutOfRangeException>(() => gallery.Search(At(0), -1)).ParamName);
    }

    [Fact]
    public void Removing_the_last_face_and_a_wrong_length_embedding()
    {
        var gallery = new FaceGallery();
        gallery.Add("a", At(1));
        gallery.Add("b", At(2));
        Assert.True(gallery.Remove("b"));
        Assert.Equal(["a"], gallery.Search(At(0), 5).Select(h => h.FaceId));
        Assert.True(gallery.Remove("a"));
        Assert.Equal(0, gallery.Count);
        Assert.Empty(gallery.Search(At(0), 5));
        Assert.Equal("an embedding has 128 values, not 12", Assert.Throws<ArgumentException>(() => gallery.Add("short", new float[12])).Message);
        Assert.Equal(0, gallery.Count);
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
