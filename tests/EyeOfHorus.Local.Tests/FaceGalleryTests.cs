using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.State;
using EyeOfHorus.Local.Tracking;

namespace EyeOfHorus.Local.Tests;

public class FaceGalleryTests
{
    // Each gallery face's embedding is its number; the similarity a query gives face n is scores[n].
    private static readonly FaceGallery Four = new(
    [
        new("alice", "a1.jpg", [0]), new("bob", "b1.jpg", [1]), new("alice", "a2.jpg", [2]), new("carol", "c1.jpg", [3]),
    ]);
    private static GalleryMatch? Best(params double[] scores) => Four.Best([9], (query, face) =>
    {
        Assert.Equal([9f], query);
        return scores[(int)face[0]];
    });

    [Fact]
    public void The_best_match_is_the_most_similar_photo_of_anyone_and_the_first_of_equals()
    {
        Assert.Equal(new GalleryMatch("alice", "a1.jpg", 97), Best(97, 80, 96.9, 10));
        Assert.Equal(new GalleryMatch("alice", "a2.jpg", 91), Best(90, 80, 91, 10));
        Assert.Equal(new GalleryMatch("carol", "c1.jpg", 50), Best(20, 30, 40, 50));
        Assert.Equal(new GalleryMatch("bob", "b1.jpg", 70), Best(60, 70, 65, 70)); // bob and carol equal: the first in the gallery's order
        // The lowest similarity still names someone: the threshold is the tracks' business.
        Assert.Equal(new GalleryMatch("alice", "a1.jpg", -5), Best(-5, -5, -5, -5));
        Assert.Equal(3, Four.People);
    }

    [Fact]
    public void An_empty_gallery_matches_no_one_and_a_similarity_is_required()
    {
        Assert.Null(FaceGallery.Empty.Best([1, 0], (_, _) => 100));
        Assert.Equal(0, FaceGallery.Empty.People);
        Assert.Empty(FaceGallery.Empty.Faces);
        Assert.Equal("similarity", Assert.Throws<ArgumentNullException>(() => FaceGallery.Empty.Best([1], null!)).ParamName);
        Assert.Equal(2, new FaceGallery([new("Alice", "a.jpg", [1]), new("alice", "a.jpg", [1])]).People); // names are case-sensitive, as folder names are
    }
}

/// <summary><c>horus faces check</c>'s verdicts on embeddings whose distances are known exactly (match distance 0.5 at threshold 90).</summary>
public class FacesCheckTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static PhotoStatus Ok(string person, string photo) => new(person, photo, "hash", null, null, T0);

    private static FacesCheck Check(params GalleryFace[] faces) =>
        FacesCheck.From([.. faces.Select(f => Ok(f.Person, f.Photo))], new FaceGallery(faces), 90);

    [Fact]
    public void The_match_distance_is_the_thresholds()
    {
        Assert.Equal(0.5f, Check().MatchDistance);
        Assert.Equal(0f, new FacesCheck(100, [], []).MatchDistance);
        Assert.Equal(5f, new FacesCheck(0, [], []).MatchDistance);
    }

    [Fact]
    public void Photos_exactly_the_match_distance_apart_agree_and_another_person_beyond_it_stands_apart()
    {
        var check = Check(new("alice", "a1.jpg", [0, 0]), new("alice", "a2.jpg", [0.5f, 0]), new("bob", "b1.jpg", [0, 2]));
        Assert.True(check.AllGood);
        Assert.Equal(90, check.Threshold);
        Assert.Empty(check.Rejected);
        Assert.Equal(["alice", "bob"], check.People.Select(p => p.Person));
        Assert.Equal("ok", check.Verdict(check.People[0]));
        Assert.Equal("ok (one photo: add 2-3 more from other days and angles)", check.Verdict(check.People[1]));
    }

    [Fact]
    public void Own_photos_too_far_apart_are_named_with_what_to_do()
    {
        var check = Check(new("alice", "a1.jpg", [0, 0]), new("alice", "a2.jpg", [0.6f, 0]), new("bob", "b1.jpg", [0, 2]));
        Assert.False(check.AllGood);
        Assert.Equal("own photos too different (a1.jpg vs a2.jpg): use clearer, frontal photos", check.Verdict(check.People[0]));
        Assert.Equal("ok (one photo: add 2-3 more from other days and angles)", check.Verdict(check.People[1]));
    }

    [Fact]
    public void Someone_else_within_the_match_distance_is_named_and_both_problems_are_joined()
    {
        // bob's photo is exactly 0.5 from alice's a1: a match, so alice does not stand apart.
        var check = Check(new("alice", "a1.jpg", [0, 0]), new("alice", "a2.jpg", [-1, 0]), new("bob", "b1.jpg", [0, 0.5f]));
        Assert.False(check.AllGood);
        Assert.Equal("own photos too different (a1.jpg vs a2.jpg): use clearer, frontal photos; alice/a1.jpg looks like bob/b1.jpg: raise --threshold or replace the photo",
            check.Verdict(check.People[0]));
        Assert.Equal("bob/b1.jpg looks like alice/a1.jpg: raise --threshold or replace the photo", check.Verdict(check.People[1]));
    }

    [Fact]
    public void All_good_needs_someone_and_no_rejected_photo()
    {
        Assert.False(Check().AllGood);
        var rejected = new PhotoStatus("carol", "c.jpg", "", "not-an-image", "not a JPEG or PNG", T0);
        var faces = new GalleryFace[] { new("alice", "a1.jpg", [0, 0]), new("bob", "b1.jpg", [0, 2]) };
        var check = FacesCheck.From([Ok("alice", "a1.jpg"), rejected, Ok("bob", "b1.jpg")], new FaceGallery(faces), 90);
        Assert.Equal([rejected], check.Rejected);
        Assert.False(check.AllGood);
        Assert.True(FacesCheck.From([Ok("alice", "a1.jpg"), Ok("bob", "b1.jpg")], new FaceGallery(faces), 90).AllGood);
        // The same gallery at a lower threshold (a larger match distance): bob is now within reach.
        Assert.False(FacesCheck.From([Ok("alice", "a1.jpg"), Ok("bob", "b1.jpg")], new FaceGallery(faces), 60).AllGood);
    }

    [Fact]
    public void Photos_and_a_gallery_are_required()
    {
        Assert.Equal("photos", Assert.Throws<ArgumentNullException>(() => FacesCheck.From(null!, FaceGallery.Empty, 90)).ParamName);
        Assert.Equal("gallery", Assert.Throws<ArgumentNullException>(() => FacesCheck.From([], null!, 90)).ParamName);
    }
}
