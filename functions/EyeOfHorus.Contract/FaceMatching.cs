namespace EyeOfHorus.Contract;

/// <summary>
/// The face-match threshold: the similarity (percent) from which a detected face is the collection
/// face it matched. One deploy setting (<c>-c faceMatchThreshold=...</c>) read by every producer of
/// match records (the stream processor, the edge search) and by the alerter.
/// </summary>
public static class FaceMatching
{
    public const double DefaultThreshold = 90;
    public const double MinThreshold = 0;
    public const double MaxThreshold = 100;
}
