using System.Security.Cryptography;
using System.Text;
using EyeOfHorus.FaceEngine;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Recognition;
using EyeOfHorus.Recognition.Records;
using BoundingBox = EyeOfHorus.Recognition.Records.BoundingBox;
using Engine = EyeOfHorus.FaceEngine.FaceEngine;
using Gallery = EyeOfHorus.Local.Gallery.FaceGallery;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>
/// Local mode's search, in place of SearchFacesByImage: the gated face's embedding (the engine's,
/// from the detection the gate made) against the gallery synced from the faces bucket, with the
/// engine's similarity (<see cref="FaceDistance.ToSimilarity"/>, 0-100) at the deployment's threshold.
/// A match names the photo as the FaceIndexer would (ExternalImageId <see cref="FaceNaming.Encode"/>),
/// so the alerter reads the person exactly as in the other modes. No call leaves the host.
/// </summary>
public sealed class LocalFaceSearch(Engine engine, Func<Gallery> gallery, float faceMatchThreshold, int maxMatchesPerFace = 5) : IFaceSearch
{
    public long Searches { get; private set; }

    public Task<SearchOutcome> SearchAsync(FaceQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ct.ThrowIfCancellationRequested();
        Searches++;
        var frame = query.Frame;
        EyeOfHorus.FaceEngine.DetectedFace? face = query.Face;
        var region = query.Region;
        if (face is null)
        {
            // Ungated: the whole frame; like SearchFacesByImage, its largest face.
            using var image = frame.ToFaceImage();
            face = engine.Detect(image).OrderByDescending(f => f.Box.Width * f.Box.Height).FirstOrDefault();
            if (face is null) return Task.FromResult(SearchOutcome.NotAFace);
            region = new FaceRect((int)MathF.Round(face.Box.Left), (int)MathF.Round(face.Box.Top), (int)MathF.Round(face.Box.Width), (int)MathF.Round(face.Box.Height));
        }
        var embedding = engine.Embed(face);
        var matches = gallery().Faces
            .Select(f => (Face: f, Similarity: (double)FaceDistance.ToSimilarity(FaceDistance.Euclidean(embedding, f.Embedding))))
            .Where(m => m.Similarity >= faceMatchThreshold)
            .OrderByDescending(m => m.Similarity)
            .Take(maxMatchesPerFace)
            .Select(m =>
            {
                var id = LocalFaceId(m.Face.Person, m.Face.Photo);
                return new MatchedFace(m.Similarity, new CollectionFace(id, null, 100, id, FaceNaming.Encode(m.Face.Person, m.Face.Photo)));
            })
            .ToList();
        var box = new BoundingBox(
            Height: (double)region.Height / frame.Height,
            Width: (double)region.Width / frame.Width,
            Left: (double)region.X / frame.Width,
            Top: (double)region.Y / frame.Height);
        return Task.FromResult(SearchOutcome.Searched(new FaceSearchResult(new Recognition.Records.DetectedFace(box, LocalAlertSettings.DetectionPercent(face.Score)), matches)));
    }

    /// <summary>A stable UUID-shaped id for a gallery photo (the collection's FaceId has this form).</summary>
    public static string LocalFaceId(string person, string photo) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(person + "/" + photo)).AsSpan(0, 16)).ToString();
}
