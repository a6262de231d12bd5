namespace EyeOfHorus.FaceEngine.Tests;

public class CalibrationTests
{
    // Points on one axis of the 128-D space: the distance between two is the difference of their x.
    private static LabelledFace At(string person, string photo, float x)
    {
        var v = new float[128];
        v[0] = x;
        return new LabelledFace(person, photo, v);
    }

    [Fact]
    public void Spread_is_the_widest_pair_of_a_persons_photos_and_nearest_the_closest_other_face()
    {
        var people = GalleryCalibration.Measure(
        [
            At("bob", "b1.jpg", 2.0f),
            At("alice", "a1.jpg", 0.0f), At("alice", "a2.jpg", 0.3f), At("alice", "a3.jpg", 0.1f),
            At("carol", "c1.jpg", -1.5f),
        ], matchDistance: 0.5f);

        Assert.Equal(["alice", "bob", "carol"], people.Select(p => p.Person));
        var alice = people[0];
        Assert.Equal(3, alice.Photos);
        Assert.Equal(0.3f, alice.Spread, 5);
        Assert.Equal(("a1.jpg", "a2.jpg"), alice.WidestPair);
        Assert.Equal(new NearestFace("carol", "c1.jpg", "a1.jpg", 1.5f), alice.Nearest);
        Assert.Equal(0.2f, alice.Margin, 5); // 0.5 - 0.3 is smaller than 1.5 - 0.5
        Assert.True(alice.PhotosAgree(0.5f) && alice.StandsApart(0.5f));

        var bob = people[1];
        Assert.Equal(0f, bob.Spread);
        Assert.Null(bob.WidestPair);
        Assert.Equal(new NearestFace("alice", "a2.jpg", "b1.jpg", 1.7f), bob.Nearest);
        Assert.Equal(0.5f, bob.Margin, 5); // one photo: the spread gap (0.5) is the smaller
    }

    [Fact]
    public void Someone_within_the_match_distance_of_another_person_does_not_stand_apart()
    {
        var people = GalleryCalibration.Measure([At("alice", "a.jpg", 0f), At("eve", "e.jpg", 0.4f)], matchDistance: 0.5f);
        Assert.All(people, p => Assert.False(p.StandsApart(0.5f)));
        Assert.All(people, p => Assert.Equal(-0.1f, p.Margin, 5));
        Assert.All(people, p => Assert.True(p.StandsApart(0.3f)));
    }

    [Fact]
    public void The_match_distance_itself_counts_as_a_match_as_the_threshold_does()
    {
        // similarity >= threshold matches, i.e. distance <= match distance.
        var people = GalleryCalibration.Measure([At("alice", "a1.jpg", 0f), At("alice", "a2.jpg", 0.5f), At("eve", "e.jpg", 1.0f)], matchDistance: 0.5f);
        var alice = people.Single(p => p.Person == "alice");
        Assert.True(alice.PhotosAgree(0.5f));
        Assert.False(alice.StandsApart(0.5f)); // eve at exactly 0.5 from a2 would be taken for alice
        Assert.False(alice.PhotosAgree(0.49f));
        Assert.Equal(0f, alice.Margin, 5);
    }

    [Fact]
    public void Photos_too_far_apart_show_a_negative_margin()
    {
        var alice = GalleryCalibration.Measure([At("alice", "a1.jpg", 0f), At("alice", "a2.jpg", 0.8f)], matchDistance: 0.5f).Single();
        Assert.False(alice.PhotosAgree(0.5f));
        Assert.True(alice.StandsApart(0.5f)); // alone: no one to confuse
        Assert.Null(alice.Nearest);
        Assert.Equal(-0.3f, alice.Margin, 5);
    }

    [Fact]
    public void The_shared_photos_calibrate_as_two_recognisable_people()
    {
        var faces = new[] { ("obama", "obama.jpg"), ("obama", "obama2.jpg"), ("obama", "obama-480p.jpg"), ("biden", "biden.jpg"), ("biden", "biden2.jpg") }
            .Select(p =>
            {
                using var image = Models.Photo(p.Item2);
                var face = Models.Engine.Detect(image).Single();
                return new LabelledFace(p.Item1, p.Item2, Models.Engine.Embed(face));
            })
            .ToList();
        var people = GalleryCalibration.Measure(faces, FaceDistance.MatchDistance);
        Assert.Equal(["biden", "obama"], people.Select(p => p.Person));
        Assert.All(people, p => Assert.True(p.PhotosAgree(FaceDistance.MatchDistance) && p.StandsApart(FaceDistance.MatchDistance), $"{p}"));
        Assert.Equal("obama", people[0].Nearest!.Person);
        Assert.Equal(people[0].Nearest!.Distance, people[1].Nearest!.Distance, 5); // the closest cross pair is the same pair seen from both sides
        Assert.InRange(people.Min(p => p.Margin), 0.01f, 0.5f);
    }
}
