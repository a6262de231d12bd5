using EyeOfHorus.Edge.Analysis;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>The analysis branch, as the pipeline runs it, over the test clip: what the detector and the crops give.</summary>
public sealed class ClipDetectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("horus-clip-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_detector_finds_the_faces_of_each_face_segment_and_none_in_the_test_patterns()
    {
        ClipSegment[] segments =
        [
            ClipSegment.Blank(1.5), ClipSegment.Face(1.5, "obama.jpg"), ClipSegment.Blank(1.5, "ball"),
            ClipSegment.Pair(1.5, "obama.jpg", "biden2.jpg"), ClipSegment.Blank(1, "snow"),
        ];
        var clip = Path.Combine(_dir, "clip.mkv");
        await TestClip.BuildAsync(clip, segments);

        // Not real time (no clocksync) and no leaky queue: every sampled frame is analysed.
        var frames = Path.Combine(_dir, "frames");
        Directory.CreateDirectory(frames);
        var args = new List<string> { "-m", "filesrc", $"location={clip}", "!", "decodebin", "!", "videoconvert", "!", "video/x-raw,format=I420", "!" };
        args.AddRange(AnalysisBranchTokens.Build(new AnalysisSettings(), frames));
        var pairer = new FramePairer(AnalysisBranchTokens.DetectorName, AnalysisBranchTokens.FrameSinkName);
        var sampled = (await GstLaunch.RunAsync(args, TimeSpan.FromSeconds(60))).Select(pairer.Accept).OfType<SampledFrame>().ToList();

        Assert.Equal(14, sampled.Count); // 7 s at 2 fps
        int FacesAt(double second) => sampled.Single(f => f.Timestamp == TimeSpan.FromSeconds(second)).Faces.Count;
        Assert.All(new[] { 0, 0.5, 1 }, s => Assert.Equal(0, FacesAt(s)));
        Assert.All(new[] { 1.5, 2, 2.5 }, s => Assert.Equal(1, FacesAt(s)));
        Assert.All(new[] { 3, 3.5, 4 }, s => Assert.Equal(0, FacesAt(s)));
        Assert.All(new[] { 4.5, 5, 5.5 }, s => Assert.Equal(2, FacesAt(s)));
        Assert.All(new[] { 6, 6.5 }, s => Assert.Equal(0, FacesAt(s)));

        // Crops of the same face across frames look alike to the test engine; different faces do not.
        var obama = await TestClip.RenderFrameAsync(ClipSegment.Face(1, "obama.jpg"), _dir);
        var pair = await TestClip.RenderFrameAsync(ClipSegment.Pair(1, "obama.jpg", "biden2.jpg"), _dir);
        FaceThumbnail Crop(byte[] jpeg, FaceRect face)
        {
            using var image = FrameImage.Decode(jpeg);
            return FaceThumbnail.Of(image.CropJpeg(face, 0.5).Jpeg);
        }
        var obamaRef = Crop(obama.Jpeg, Assert.Single(obama.Faces));
        var pairFaces = pair.Faces.OrderBy(f => f.X).ToList();
        var obamaSmallRef = Crop(pair.Jpeg, pairFaces[0]);
        var bidenRef = Crop(pair.Jpeg, pairFaces[1]);
        var frame = sampled.Single(f => f.Timestamp == TimeSpan.FromSeconds(2));
        var clipObama = Crop(await File.ReadAllBytesAsync(frame.Path), frame.Faces[0]);
        var pairFrame = sampled.Single(f => f.Timestamp == TimeSpan.FromSeconds(5));
        var clipBiden = Crop(await File.ReadAllBytesAsync(pairFrame.Path), pairFrame.Faces.MaxBy(f => f.X));
        Console.WriteLine($"obama~obama {clipObama.Correlation(obamaRef):F3} obama~biden {clipObama.Correlation(bidenRef):F3} biden~biden {clipBiden.Correlation(bidenRef):F3} biden~obama {clipBiden.Correlation(obamaRef):F3} biden~obamaSmall {clipBiden.Correlation(obamaSmallRef):F3}");
        Assert.True(clipObama.Correlation(obamaRef) > 0.9);
        Assert.True(clipBiden.Correlation(bidenRef) > 0.9);
        Assert.True(clipObama.Correlation(bidenRef) < 0.8);
        Assert.True(clipBiden.Correlation(obamaRef) < 0.8);
        Assert.True(clipBiden.Correlation(obamaSmallRef) < 0.8);
    }
}
