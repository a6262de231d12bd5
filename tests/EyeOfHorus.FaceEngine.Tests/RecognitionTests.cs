using Xunit.Abstractions;

namespace EyeOfHorus.FaceEngine.Tests;

/// <summary>The same person matches across photos and different people do not, under the calibrated distance.</summary>
public class RecognitionTests(ITestOutputHelper output)
{
    private static readonly (string Person, string Photo)[] Labelled =
    [
        ("obama", "obama.jpg"), ("obama", "obama2.jpg"), ("obama", "obama3.jpg"), ("obama", "obama-480p.jpg"),
        ("obama", "obama_small.jpg"), ("obama", "obama_partial_face.jpg"), ("biden", "biden.jpg"), ("biden", "biden2.jpg"),
    ];

    [Fact]
    public void Same_person_photos_match_and_different_people_do_not_with_a_margin()
    {
        var faces = Labelled.Select(l =>
        {
            using var image = Models.Photo(l.Photo);
            return (l.Person, l.Photo, Embedding: Models.Engine.Analyse(image).Single().Embedding!);
        }).ToList();
        var same = new List<float>();
        var different = new List<float>();
        for (var i = 0; i < faces.Count; i++)
            for (var j = i + 1; j < faces.Count; j++)
                (faces[i].Person == faces[j].Person ? same : different).Add(FaceDistance.Euclidean(faces[i].Embedding, faces[j].Embedding));
        output.WriteLine($"same person: {same.Count} pairs, {same.Min():F3}-{same.Max():F3}; different: {different.Count} pairs, {different.Min():F3}-{different.Max():F3}");
        output.WriteLine($"threshold {FaceDistance.MatchDistance:F3}: margin {FaceDistance.MatchDistance - same.Max():F3} below, {different.Min() - FaceDistance.MatchDistance:F3} above");
        Assert.All(same, d => Assert.True(FaceDistance.ToSimilarity(d) >= 90, $"same person at {d}"));
        Assert.All(different, d => Assert.True(FaceDistance.ToSimilarity(d) < 90, $"different people at {d}"));
        Assert.True(FaceDistance.MatchDistance - same.Max() > 0.03 && different.Min() - FaceDistance.MatchDistance > 0.2);
    }

    [Fact]
    public void A_gallery_finds_the_person_and_refuses_a_stranger()
    {
        var gallery = new FaceGallery();
        foreach (var (id, photo) in new[] { ("obama/obama.jpg", "obama.jpg"), ("biden/biden.jpg", "biden.jpg") })
        {
            using var image = Models.Photo(photo);
            gallery.Add(id, Models.Engine.Analyse(image).Single().Embedding);
        }
        using var obama = Models.Photo("obama3.jpg");
        var hits = gallery.Search(Models.Engine.Analyse(obama).Single().Embedding, 5, minSimilarity: 90);
        Assert.Equal("obama/obama.jpg", Assert.Single(hits).FaceId);
        Assert.InRange(hits[0].Similarity, 90, 100);

        gallery.Remove("obama/obama.jpg");
        Assert.Empty(gallery.Search(Models.Engine.Analyse(obama).Single().Embedding, 5, minSimilarity: 90));
    }
}

/// <summary>Different people photographed together (face-api's demo group photos, read from
/// node_modules, not copied into the repository) stay further apart than the threshold.</summary>
public class GroupPhotoCalibrationTests(ITestOutputHelper output)
{
    [Fact]
    public void Different_people_in_the_same_group_photo_are_further_apart_than_the_threshold()
    {
        var distances = new List<float>();
        var faces = 0;
        foreach (var n in Enumerable.Range(1, 6))
        {
            using var image = FaceImage.Decode(File.ReadAllBytes(Path.Combine(Models.NodeModules, $"@vladmandic/face-api/demo/sample{n}.jpg")));
            var embeddings = Models.Engine.Detect(image).Select(Models.Engine.Embed).ToList();
            faces += embeddings.Count;
            for (var i = 0; i < embeddings.Count; i++)
                for (var j = i + 1; j < embeddings.Count; j++) distances.Add(FaceDistance.Euclidean(embeddings[i], embeddings[j]));
        }
        output.WriteLine($"{faces} faces, {distances.Count} pairs of different people: {distances.Min():F3}-{distances.Max():F3}, margin {distances.Min() - FaceDistance.MatchDistance:F3} above {FaceDistance.MatchDistance}");
        Assert.True(faces >= 20, $"{faces} faces found in the six group photos");
        Assert.All(distances, d => Assert.True(d > FaceDistance.MatchDistance, $"different people at {d}"));
    }
}
