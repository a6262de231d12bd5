using EyeOfHorus.Edge.Analysis;
using EyeOfHorus.FaceEngine;

namespace EyeOfHorus.Edge.Tests.Analysis;

/// <summary>The analysis branch, as the pipeline runs it, over a test clip: the frames it samples and what the face engine finds in them.</summary>
public sealed class ClipDetectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("horus-clip-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_engine_finds_the_faces_of_each_face_segment_none_in_the_test_patterns_and_tells_the_people_apart()
    {
        ClipSegment[] segments =
        [
            ClipSegment.Blank(1.5), ClipSegment.Face(1.5, ClipWorld.Known), ClipSegment.Blank(1.5, "ball"),
            ClipSegment.Pair(1.5, ClipWorld.Known, ClipWorld.Stranger), ClipSegment.Blank(1, "snow"),
        ];
        var clip = Path.Combine(_dir, "clip.mkv");
        await TestClip.BuildAsync(clip, segments);

        // Not real time (no clocksync) and no leaky queue: every sampled frame is written.
        var frames = Path.Combine(_dir, "frames");
        Directory.CreateDirectory(frames);
        var args = new List<string> { "-m", "filesrc", $"location={clip}", "!", "decodebin", "!", "videoconvert", "!", "video/x-raw,format=I420", "!" };
        args.AddRange(AnalysisBranchTokens.Build(new AnalysisSettings(MaxFrameFiles: 100), frames));
        var sampled = (await GstLaunch.RunAsync(args, TimeSpan.FromSeconds(60)))
            .Select(l => GstBusMessages.TryParseFrameFile(l, AnalysisBranchTokens.FrameSinkName, out var f) ? f : null).OfType<SampledFrame>().ToList();
        Assert.Equal(14, sampled.Count); // 7 s at 2 fps

        var engine = ClipWorld.Engine;
        var gate = new FaceGate(engine);
        var found = new Dictionary<TimeSpan, (IReadOnlyList<GatedFace> Faces, FrameImage Image)>();
        foreach (var frame in sampled)
        {
            var image = FrameImage.Decode(await File.ReadAllBytesAsync(frame.Path));
            found[frame.Timestamp] = (gate.Detect(image), image);
        }
        int FacesAt(double second) => found[TimeSpan.FromSeconds(second)].Faces.Count;
        Assert.All(new[] { 0, 0.5, 1 }, s => Assert.Equal(0, FacesAt(s)));
        Assert.All(new[] { 1.5, 2, 2.5 }, s => Assert.Equal(1, FacesAt(s)));
        Assert.All(new[] { 3, 3.5, 4 }, s => Assert.Equal(0, FacesAt(s)));
        Assert.All(new[] { 4.5, 5, 5.5 }, s => Assert.Equal(2, FacesAt(s)));
        Assert.All(new[] { 6, 6.5 }, s => Assert.Equal(0, FacesAt(s)));
        Assert.All(found.Values.SelectMany(f => f.Faces), f => Assert.True(f.Searchable, f.NotSearched));

        // The indexed photo against the faces the camera saw: same person within the match distance, the stranger beyond it.
        using var photo = engine.Decode(await File.ReadAllBytesAsync(TestClip.Photo(ClipWorld.Indexed)));
        var indexed = engine.Embed(Assert.Single(engine.Detect(photo)));
        float Distance(GatedFace face) => FaceDistance.Euclidean(indexed, engine.Embed(face.Detection));
        var alone = Distance(found[TimeSpan.FromSeconds(2)].Faces[0]);
        var pair = found[TimeSpan.FromSeconds(5)].Faces.OrderBy(f => f.Rect.X).ToList();
        var (left, right) = (Distance(pair[0]), Distance(pair[1]));
        Console.WriteLine($"distance to {ClipWorld.Indexed}: {ClipWorld.Known} alone {alone:F3}, in the pair {left:F3}; {ClipWorld.Stranger} {right:F3} (match below {FaceDistance.MatchDistance})");
        Assert.True(alone < FaceDistance.MatchDistance);
        Assert.True(left < FaceDistance.MatchDistance);
        Assert.True(right > FaceDistance.MatchDistance);
        foreach (var (_, image) in found.Values) image.Dispose();
    }
}
