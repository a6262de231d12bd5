namespace EyeOfHorus.FaceEngine;

/// <summary>One photo's embedding, labelled with the person it shows.</summary>
public sealed record LabelledFace(string Person, string Photo, float[] Embedding);

/// <summary>
/// How well one person's photos hold together and stand apart, at a match distance:
/// <see cref="Spread"/> is the largest distance between two of their photos (0 with one photo),
/// <see cref="Nearest"/> the closest photo of anyone else. Their photos match each other when the
/// spread is within the match distance, and no one else is taken for them when the nearest other
/// face is beyond it; <see cref="Margin"/> is the smaller of the two gaps (negative: one fails).
/// </summary>
public sealed record PersonCalibration(
    string Person,
    int Photos,
    float Spread,
    (string Photo, string OtherPhoto)? WidestPair,
    NearestFace? Nearest,
    float Margin)
{
    public bool PhotosAgree(float matchDistance) => Spread <= matchDistance;

    public bool StandsApart(float matchDistance) => Nearest is null || Nearest.Distance > matchDistance;
}

/// <summary>The closest face of another person: whose, which photos, how far.</summary>
public sealed record NearestFace(string Person, string Photo, string OwnPhoto, float Distance);

/// <summary>The calibration view of a gallery (<c>horus faces check</c>).</summary>
public static class GalleryCalibration
{
    /// <summary>One entry per person, in name order.</summary>
    public static IReadOnlyList<PersonCalibration> Measure(IReadOnlyCollection<LabelledFace> faces, float matchDistance)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var people = faces.GroupBy(f => f.Person, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var result = new List<PersonCalibration>(people.Count);
        foreach (var person in people)
        {
            var own = person.ToList();
            var spread = 0f;
            (string, string)? widest = null;
            for (var i = 0; i < own.Count; i++)
            for (var j = i + 1; j < own.Count; j++)
            {
                var d = FaceDistance.Euclidean(own[i].Embedding, own[j].Embedding);
                if (widest is null || d > spread) (spread, widest) = (d, (own[i].Photo, own[j].Photo));
            }

            NearestFace? nearest = null;
            foreach (var other in faces)
            {
                if (string.Equals(other.Person, person.Key, StringComparison.Ordinal)) continue;
                foreach (var mine in own)
                {
                    var d = FaceDistance.Euclidean(mine.Embedding, other.Embedding);
                    if (nearest is null || d < nearest.Distance) nearest = new NearestFace(other.Person, other.Photo, mine.Photo, d);
                }
            }

            var margin = matchDistance - spread;
            if (nearest is not null) margin = Math.Min(margin, nearest.Distance - matchDistance);
            result.Add(new PersonCalibration(person.Key, own.Count, spread, widest, nearest, margin));
        }
        return result;
    }
}
