using System.Globalization;
using EyeOfHorus.Local.Frames;
using SkiaSharp;

namespace EyeOfHorus.Local.Alerts;

/// <param name="MaxAge">Snapshots older than this are deleted; null keeps them by count only.</param>
/// <param name="MaxCount">At most this many snapshots per camera; the oldest go first.</param>
public sealed record SnapshotRetention(TimeSpan? MaxAge = null, int MaxCount = 1000)
{
    public static SnapshotRetention Default { get; } = new(TimeSpan.FromDays(7), 1000);
}

/// <summary>
/// Saves the frame an alert was decided on as a JPEG under <c>&lt;folder&gt;/&lt;camera&gt;/</c>, named by
/// time, and deletes what the retention no longer keeps after each save.
/// </summary>
public sealed class SnapshotStore(string folder, SnapshotRetention retention, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();

    public string Folder { get; } = Path.GetFullPath(folder);

    public string Save(Frame frame, long trackId)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var dir = Path.Combine(Folder, SafeName(frame.Camera));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"{frame.Time.UtcDateTime:yyyyMMdd'T'HHmmss.fff'Z'}-{frame.Index:D6}-t{trackId}.jpg"));
        var info = new SKImageInfo(frame.Width, frame.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using (var image = SKImage.FromPixelCopy(info, frame.Rgba))
        using (var data = image.Encode(SKEncodedImageFormat.Jpeg, 85))
        using (var file = File.Create(path))
        {
            data.SaveTo(file);
        }
        Prune(dir);
        return path;
    }

    public static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }

    private void Prune(string dir)
    {
        lock (_lock)
        {
            var files = new DirectoryInfo(dir).GetFiles("*.jpg").OrderByDescending(f => f.Name, StringComparer.Ordinal).ToList();
            var cutoff = retention.MaxAge is { } age ? _time.GetUtcNow() - age : DateTimeOffset.MinValue;
            for (var i = 0; i < files.Count; i++)
                if (i >= retention.MaxCount || files[i].LastWriteTimeUtc < cutoff.UtcDateTime) Delete(files[i].FullName);
        }
    }

    /// <summary>A camera name as one folder name (no separators, no "..").</summary>
    public static string SafeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "_" : new string(chars);
    }
}
