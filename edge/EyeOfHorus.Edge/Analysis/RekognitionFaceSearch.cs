using EyeOfHorus.Aws;
using EyeOfHorus.Recognition.Records;
using AwsBoundingBox = EyeOfHorus.Aws.BoundingBox;
using BoundingBox = EyeOfHorus.Recognition.Records.BoundingBox;

namespace EyeOfHorus.Edge.Analysis;

/// <summary>
/// Edge mode's search: the face's crop (its box grown by <paramref name="cropMargin"/> on every side;
/// the whole frame when ungated) goes to SearchFacesByImage against the collection, at the
/// deployment's threshold.
/// </summary>
public sealed class RekognitionFaceSearch(
    RekognitionClient rekognition, string collectionId, float faceMatchThreshold, int maxMatchesPerFace = 5, double cropMargin = 0.5, TextWriter? log = null)
    : IFaceSearch
{
    private readonly TextWriter _log = log ?? TextWriter.Null;

    /// <summary>Similarity from which SearchFacesByImage reports a match (the deployment's FaceMatchThreshold).</summary>
    public float FaceMatchThreshold => faceMatchThreshold;

    public async Task<SearchOutcome> SearchAsync(FaceQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var frame = query.Frame;
        var (image, region) = query.Face is null
            ? (frame.Jpeg, new FaceRect(0, 0, frame.Width, frame.Height))
            : frame.CropJpeg(query.Region, cropMargin);
        SearchFacesByImageResponse response;
        try
        {
            response = await rekognition.SearchFacesByImageAsync(new SearchFacesByImageRequest
            {
                CollectionId = collectionId,
                Image = new Image { Bytes = image },
                MaxFaces = maxMatchesPerFace,
                FaceMatchThreshold = faceMatchThreshold,
            }, ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidParameterException")
        {
            // "There are no faces in the image": the local detector saw a face where Rekognition sees none.
            return SearchOutcome.NotAFace;
        }
        catch (Exception ex) when (ex is AwsServiceException or AwsTransportException)
        {
            _log.WriteLine($"analysis: SearchFacesByImage failed ({ex.Message}); the face is searched again in the next frame");
            return SearchOutcome.Failed;
        }

        var matches = (response.FaceMatches ?? [])
            .Where(m => m.Face?.FaceId is not null)
            .Select(m => new MatchedFace(
                m.Similarity ?? 0,
                new CollectionFace(
                    m.Face!.FaceId!,
                    m.Face.BoundingBox is { } b ? new BoundingBox(b.Height ?? 0, b.Width ?? 0, b.Left ?? 0, b.Top ?? 0) : null,
                    m.Face.Confidence ?? 0,
                    m.Face.ImageId,
                    m.Face.ExternalImageId)))
            .ToList();
        var box = ToFrame(response.SearchedFaceBoundingBox, region, frame);
        return SearchOutcome.Searched(new FaceSearchResult(new DetectedFace(box, response.SearchedFaceConfidence ?? 0), matches));
    }

    // Rekognition's box is relative to the crop; the record's is relative to the whole frame.
    private static BoundingBox ToFrame(AwsBoundingBox? box, FaceRect region, FrameImage frame)
    {
        double left = box?.Left ?? 0, top = box?.Top ?? 0, width = box?.Width ?? 1, height = box?.Height ?? 1;
        return new BoundingBox(
            Height: height * region.Height / frame.Height,
            Width: width * region.Width / frame.Width,
            Left: (region.X + (left * region.Width)) / frame.Width,
            Top: (region.Y + (top * region.Height)) / frame.Height);
    }
}
