using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Frames;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;

namespace EyeOfHorus.Local.Tests;

public class SnapshotStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 12, 3, 455, TimeSpan.Zero);

    /// <summary>A 32x16 frame: left half red, right half blue.</summary>
    private static Frame Frame(string camera, DateTimeOffset at, long index = 7)
    {
        var rgba = new byte[Local.Frames.Frame.SizeOf(32, 16)];
        for (var p = 0; p < 32 * 16; p++)
        {
            var red = p % 32 < 16;
            rgba[p * 4] = red ? (byte)255 : (byte)0;
            rgba[p * 4 + 2] = red ? (byte)0 : (byte)255;
            rgba[p * 4 + 3] = 255;
        }
        return new Frame(camera, index, at, 32, 16, rgba);
    }

    [Fact]
    public void A_snapshot_is_the_frame_as_a_jpeg_named_by_camera_time_frame_and_track()
    {
        using var dir = new TempFolder();
        var store = new SnapshotStore(dir.File("snapshots"), SnapshotRetention.Default, new FakeTimeProvider(T0));
        var path = store.Save(Frame("front door/../x", T0, index: 42), trackId: 3);
        Assert.Equal(Path.Combine(dir.File("snapshots"), "front_door____x", "20261202T091203.455Z-000042-t3.jpg"), path);
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((32, 16), (bitmap.Width, bitmap.Height));
        var left = bitmap.GetPixel(4, 8);
        var right = bitmap.GetPixel(28, 8);
        Assert.True(left.Red > 200 && left.Blue < 60, left.ToString());
        Assert.True(right.Blue > 200 && right.Red < 60, right.ToString());
        Assert.Equal(Path.GetFullPath(dir.File("snapshots")), store.Folder);
    }

    [Fact]
    public void Snapshots_older_than_the_maximum_age_are_deleted_at_the_next_save_and_one_exactly_that_old_is_kept()
    {
        using var dir = new TempFolder();
        var time = new FakeTimeProvider(T0);
        var store = new SnapshotStore(dir.File("snapshots"), new SnapshotRetention(TimeSpan.FromDays(7), 1000), time);
        var old = store.Save(Frame("door", T0), 1);
        var edge = store.Save(Frame("door", T0.AddSeconds(1)), 2);
        var other = store.Save(Frame("yard", T0), 3);
        File.SetLastWriteTimeUtc(old, (T0 - TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1)).UtcDateTime);
        File.SetLastWriteTimeUtc(edge, (T0 - TimeSpan.FromDays(7)).UtcDateTime);
        File.SetLastWriteTimeUtc(other, (T0 - TimeSpan.FromDays(30)).UtcDateTime);
        var latest = store.Save(Frame("door", T0.AddSeconds(2)), 4);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(edge));
        Assert.True(File.Exists(latest));
        Assert.True(File.Exists(other)); // another camera's folder is pruned by that camera's saves
    }

    [Fact]
    public void Without_a_maximum_age_only_the_count_limits_and_the_newest_by_name_stay()
    {
        using var dir = new TempFolder();
        var store = new SnapshotStore(dir.File("snapshots"), new SnapshotRetention(null, 2), new FakeTimeProvider(T0));
        var first = store.Save(Frame("door", T0), 1);
        File.SetLastWriteTimeUtc(first, DateTime.UnixEpoch); // very old on disk: no age limit, so only the count matters
        var second = store.Save(Frame("door", T0.AddSeconds(1)), 2);
        Assert.True(File.Exists(first) && File.Exists(second));
        var third = store.Save(Frame("door", T0.AddSeconds(2)), 3);
        Assert.Equal([second, third], Directory.GetFiles(Path.GetDirectoryName(first)!).Order(StringComparer.Ordinal));
        Assert.Equal(new SnapshotRetention(TimeSpan.FromDays(7), 1000), SnapshotRetention.Default);
    }

    [Fact]
    public void Camera_names_become_one_safe_folder_name()
    {
        Assert.Equal("front-door_2", SnapshotStore.SafeName("front-door_2"));
        Assert.Equal("a_b_c__", SnapshotStore.SafeName("a/b\\c.."));
        Assert.Equal("_", SnapshotStore.SafeName(""));
        Assert.Equal("caf_", SnapshotStore.SafeName("café"));
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => SnapshotStore.SafeName(null!)).ParamName);
    }

    [Fact]
    public void Deleting_a_snapshot_that_is_gone_is_not_an_error()
    {
        using var dir = new TempFolder();
        var store = new SnapshotStore(dir.File("snapshots"), SnapshotRetention.Default);
        var path = store.Save(Frame("door", T0), 1);
        SnapshotStore.Delete(path);
        Assert.False(File.Exists(path));
        SnapshotStore.Delete(path);
        SnapshotStore.Delete(Path.Combine(dir.Path, "no", "such", "folder.jpg"));
        Assert.Equal("frame", Assert.Throws<ArgumentNullException>(() => store.Save(null!, 1)).ParamName);
    }
}
