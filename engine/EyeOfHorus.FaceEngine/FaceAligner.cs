using SkiaSharp;

namespace EyeOfHorus.FaceEngine;

/// <summary>
/// Cuts the 150x150 chip dlib's face descriptor expects: the similarity transform (rotation,
/// uniform scale, shift) that best maps BlazeFace's eyes, nose tip and mouth onto the same points
/// of dlib's mean face shape, placed as dlib's get_face_chip_details(size 150, padding 0.25) places it.
/// </summary>
internal static class FaceAligner
{
    public const int ChipSize = 150;
    private const float Padding = 0.25f;

    // dlib/image_transforms/interpolation.h, mean_face_shape_x/y: iBUG 300-W points 17-67, normalised.
    private static readonly float[] MeanX =
    [
        0.000213256f, 0.0752622f, 0.18113f, 0.29077f, 0.393397f, 0.586856f, 0.689483f, 0.799124f, 0.904991f, 0.98004f,
        0.490127f, 0.490127f, 0.490127f, 0.490127f, 0.36688f, 0.426036f, 0.490127f, 0.554217f, 0.613373f, 0.121737f,
        0.187122f, 0.265825f, 0.334606f, 0.260918f, 0.182743f, 0.645647f, 0.714428f, 0.793132f, 0.858516f, 0.79751f,
        0.719335f, 0.254149f, 0.340985f, 0.428858f, 0.490127f, 0.551395f, 0.639268f, 0.726104f, 0.642159f, 0.556721f,
        0.490127f, 0.423532f, 0.338094f, 0.290379f, 0.428096f, 0.490127f, 0.552157f, 0.689874f, 0.553364f, 0.490127f,
        0.42689f,
    ];
    private static readonly float[] MeanY =
    [
        0.106454f, 0.038915f, 0.0187482f, 0.0344891f, 0.0773906f, 0.0773906f, 0.0344891f, 0.0187482f, 0.038915f, 0.106454f,
        0.203352f, 0.307009f, 0.409805f, 0.515625f, 0.587326f, 0.609345f, 0.628106f, 0.609345f, 0.587326f, 0.216423f,
        0.178758f, 0.179852f, 0.231733f, 0.245099f, 0.244077f, 0.231733f, 0.179852f, 0.178758f, 0.216423f, 0.244077f,
        0.245099f, 0.780233f, 0.745405f, 0.727388f, 0.742578f, 0.727388f, 0.745405f, 0.780233f, 0.864805f, 0.902192f,
        0.909281f, 0.902192f, 0.864805f, 0.784792f, 0.778746f, 0.785343f, 0.778746f, 0.784792f, 0.824182f, 0.831803f,
        0.824182f,
    ];

    /// <summary>Chip positions of the person's right eye centre (points 36-41), left eye centre
    /// (42-47), nose tip (30) and mouth centre (48-67).</summary>
    internal static readonly PointF[] Template =
    [
        Mean(36, 41), Mean(42, 47), Mean(30, 30), Mean(48, 67),
    ];

    private static PointF Mean(int first, int last)
    {
        float x = 0, y = 0;
        for (var i = first; i <= last; i++) { x += MeanX[i - 17]; y += MeanY[i - 17]; }
        var n = last - first + 1;
        return new PointF(Chip(x / n), Chip(y / n));
    }

    private static float Chip(float v) => (Padding + v) / (2 * Padding + 1) * ChipSize;

    /// <summary>The aligned chip as RGB rows.</summary>
    public static byte[] Align(SKBitmap image, FaceLandmarks face)
    {
        var m = Similarity([face.RightEye, face.LeftEye, face.NoseTip, face.Mouth], Template);
        using var chip = new SKBitmap(new SKImageInfo(ChipSize, ChipSize, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(chip))
        using (var source = SKImage.FromBitmap(image))
        {
            canvas.Clear(SKColors.Black);
            canvas.SetMatrix(m);
            canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }
        var rgba = chip.GetPixelSpan();
        var rgb = new byte[ChipSize * ChipSize * 3];
        for (var i = 0; i < ChipSize * ChipSize; i++)
        {
            rgb[3 * i] = rgba[4 * i];
            rgb[3 * i + 1] = rgba[4 * i + 1];
            rgb[3 * i + 2] = rgba[4 * i + 2];
        }
        return rgb;
    }

    /// <summary>Least-squares similarity transform from <paramref name="from"/> to <paramref name="to"/>.</summary>
    internal static SKMatrix Similarity(PointF[] from, PointF[] to)
    {
        var n = from.Length;
        float fx = 0, fy = 0, tx = 0, ty = 0;
        for (var i = 0; i < n; i++) { fx += from[i].X; fy += from[i].Y; tx += to[i].X; ty += to[i].Y; }
        (fx, fy, tx, ty) = (fx / n, fy / n, tx / n, ty / n);
        double sxx = 0, sxy = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            double ux = from[i].X - fx, uy = from[i].Y - fy, vx = to[i].X - tx, vy = to[i].Y - ty;
            sxx += ux * vx + uy * vy; // a * |u|^2 contributions
            sxy += ux * vy - uy * vx; // b * |u|^2 contributions
            norm += ux * ux + uy * uy;
        }
        var a = (float)(sxx / norm);
        var b = (float)(sxy / norm);
        // [x'] = [a -b] [x - fx] + [tx]
        // [y']   [b  a] [y - fy]   [ty]
        return new SKMatrix(a, -b, tx - a * fx + b * fy, b, a, ty - b * fx - a * fy, 0, 0, 1);
    }

    /// <summary>Variance of the 4-neighbour Laplacian of the chip's grey levels (a sharp face has strong edges).</summary>
    public static float Sharpness(byte[] rgb)
    {
        var grey = new float[ChipSize * ChipSize];
        for (var i = 0; i < grey.Length; i++) grey[i] = 0.299f * rgb[3 * i] + 0.587f * rgb[3 * i + 1] + 0.114f * rgb[3 * i + 2];
        double sum = 0, sumSq = 0;
        var count = 0;
        // the central half of the chip: the face itself, not the background or the black border
        for (var y = ChipSize / 4; y < ChipSize * 3 / 4; y++)
            for (var x = ChipSize / 4; x < ChipSize * 3 / 4; x++)
            {
                var i = y * ChipSize + x;
                double l = grey[i - 1] + grey[i + 1] + grey[i - ChipSize] + grey[i + ChipSize] - 4 * grey[i];
                sum += l;
                sumSq += l * l;
                count++;
            }
        var mean = sum / count;
        return (float)(sumSq / count - mean * mean);
    }
}
