using EyeOfHorus.Contract;
using EyeOfHorus.Recognition.Faces;

namespace EyeOfHorus.Recognition.Tests;

public class FacesCountTests
{
    [Fact]
    public void One_indexed_face_and_nothing_else_is_accepted() => Assert.Null(FaceCount.Judge(1, []));

    [Fact]
    public void Nothing_detected_is_no_face() => Assert.Equal(PhotoRejection.NoFace, FaceCount.Judge(0, [])?.Rejection);

    [Fact]
    public void A_single_face_Rekognition_would_not_index_is_low_quality_with_its_reasons()
    {
        var verdict = FaceCount.Judge(0, [["LOW_SHARPNESS", "LOW_BRIGHTNESS"]]);
        Assert.Equal(PhotoRejection.LowQuality, verdict?.Rejection);
        Assert.Equal("LOW_SHARPNESS, LOW_BRIGHTNESS", verdict?.Detail);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(1, 1)] // a second face too small or blurry to index still makes the photo ambiguous
    [InlineData(0, 2)]
    [InlineData(3, 4)]
    public void More_than_one_detected_face_is_several_faces(int indexed, int unindexed)
    {
        var verdict = FaceCount.Judge(indexed, [.. Enumerable.Repeat<IReadOnlyList<string>>(["EXCEEDS_MAX_FACES"], unindexed)]);
        Assert.Equal(PhotoRejection.SeveralFaces, verdict?.Rejection);
        Assert.Equal($"{indexed + unindexed} faces detected", verdict?.Detail);
    }
}
