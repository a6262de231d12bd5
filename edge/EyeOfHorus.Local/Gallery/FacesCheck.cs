using EyeOfHorus.FaceEngine;
using EyeOfHorus.Local.State;

namespace EyeOfHorus.Local.Gallery;

/// <summary>The result of <c>horus faces check</c>: rejected photos and the calibration of the accepted ones.</summary>
public sealed record FacesCheck(float Threshold, IReadOnlyList<PhotoStatus> Rejected, IReadOnlyList<PersonCalibration> People)
{
    public float MatchDistance => FaceDistance.ToDistance(Threshold);

    public bool AllGood => People.Count > 0 && Rejected.Count == 0 && People.All(p => p.PhotosAgree(MatchDistance) && p.StandsApart(MatchDistance));

    public static FacesCheck From(IReadOnlyList<PhotoStatus> photos, FaceGallery gallery, float threshold)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(gallery);
        var labelled = gallery.Faces.Select(f => new LabelledFace(f.Person, f.Photo, f.Embedding)).ToList();
        return new FacesCheck(threshold, [.. photos.Where(p => p.Rejection is not null)],
            GalleryCalibration.Measure(labelled, FaceDistance.ToDistance(threshold)));
    }

    /// <summary>"ok", or what is wrong with a person's photos and what to do (the CLI's and the console's words).</summary>
    public string Verdict(PersonCalibration p)
    {
        var problems = new List<string>();
        if (!p.PhotosAgree(MatchDistance) && p.WidestPair is var (a, b))
            problems.Add($"own photos too different ({a} vs {b}): use clearer, frontal photos");
        if (!p.StandsApart(MatchDistance) && p.Nearest is { } n)
            problems.Add($"{p.Person}/{n.OwnPhoto} looks like {n.Person}/{n.Photo}: raise --threshold or replace the photo");
        if (problems.Count > 0) return string.Join("; ", problems);
        return p.Photos == 1 ? "ok (one photo: add 2-3 more from other days and angles)" : "ok";
    }
}
