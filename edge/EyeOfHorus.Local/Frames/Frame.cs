namespace EyeOfHorus.Local.Frames;

/// <summary>
/// One sampled frame of a camera, decoded: <see cref="Width"/> x <see cref="Height"/> RGBA pixels,
/// 4 bytes each, rows packed. <see cref="Index"/> counts the camera's sampled frames from 0;
/// <see cref="Time"/> is when it reached this process.
/// </summary>
public sealed record Frame(string Camera, long Index, DateTimeOffset Time, int Width, int Height, byte[] Rgba)
{
    public const int BytesPerPixel = 4;
    public static int SizeOf(int width, int height) => width * height * BytesPerPixel;
}
