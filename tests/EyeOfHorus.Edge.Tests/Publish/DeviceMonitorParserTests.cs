using System.Runtime.CompilerServices;
using EyeOfHorus.Edge.Commands;
using EyeOfHorus.Edge.Devices;

namespace EyeOfHorus.Edge.Tests.Publish;

public sealed class DeviceMonitorParserTests
{
    private static string Fixture(string name, [CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "DeviceMonitorOutput", name));

    [Fact]
    public void Linux_cameras_give_their_device_modes_and_rates()
    {
        var cameras = DeviceMonitorParser.Parse(Fixture("linux-v4l2.txt"));

        Assert.Equal(["HD Pro Webcam C920", "Integrated Camera: Integrated C"], cameras.Select(c => c.Name));
        var c920 = cameras[0];
        Assert.Equal("v4l2src", c920.Element);
        Assert.Equal("/dev/video0", c920.SourceArgument);
        Assert.Equal("Logitech, Inc.", c920.Properties["device.vendor.name"]);
        Assert.Equal(4, c920.Modes.Count);
        Assert.Equal(new VideoMode("video/x-raw", "YUY2", "640", "480", ["30/1", "24/1", "20/1", "15/1", "10/1", "15/2", "5/1"]), c920.Modes[0], VideoModeComparer.Instance);
        Assert.Equal("1280x720 MJPG @ 30 fps", c920.Modes[3].ToString());
        Assert.Equal("640x480 YUY2 @ 30, 24, 20, 15, 10, 15/2, 5 fps", c920.Modes[0].ToString());
        Assert.Equal("/dev/video2", cameras[1].SourceArgument);
    }

    [Fact]
    public void macOS_cameras_map_to_avf_device_indexes_and_rate_ranges()
    {
        var camera = Assert.Single(DeviceMonitorParser.Parse(Fixture("macos-avf.txt")));

        Assert.Equal("avfvideosrc", camera.Element);
        Assert.Equal("avf:0", camera.SourceArgument);
        Assert.Equal("video/x-raw", camera.Modes[0].MediaType);
        Assert.Equal(["1/1-30/1"], camera.Modes[0].FrameRates);
        Assert.Equal("UYVY/YUY2/NV12/BGRA", camera.Modes[1].Format);
    }

    [Fact]
    public void Windows_cameras_keep_their_unescaped_device_path()
    {
        var camera = Assert.Single(DeviceMonitorParser.Parse(Fixture("windows-mf.txt")));

        Assert.Equal("Integrated Webcam", camera.Name);
        Assert.Equal("Source/Video", camera.DeviceClass);
        Assert.Equal("mfvideosrc", camera.Element);
        Assert.Equal(@"mf:\\?\usb#vid_0c45&pid_6723&mi_00#6&2b5e7b2a&0&0000#{e5323777-f976-4f5b-9b55-b94699c46e44}\global", camera.SourceArgument);
        Assert.Equal(3, camera.Modes.Count);
    }

    [Fact]
    public void No_device_and_noise_give_an_empty_list()
    {
        Assert.Empty(DeviceMonitorParser.Parse("Probing devices...\n\n"));
        Assert.Empty(DeviceMonitorParser.Parse(""));
    }

    [Fact]
    public void The_listing_names_the_source_flag_of_each_camera()
    {
        var text = DevicesCommand.Format(DeviceMonitorParser.Parse(Fixture("linux-v4l2.txt")));

        Assert.StartsWith("HD Pro Webcam C920  --source /dev/video0" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains("    1920x1080 MJPG @ 30, 24, 20, 15, 10, 15/2, 5 fps", text, StringComparison.Ordinal);
    }

    private sealed class VideoModeComparer : IEqualityComparer<VideoMode>
    {
        public static readonly VideoModeComparer Instance = new();

        public bool Equals(VideoMode? x, VideoMode? y) =>
            x is not null && y is not null && x.MediaType == y.MediaType && x.Format == y.Format && x.Width == y.Width && x.Height == y.Height
            && x.FrameRates.SequenceEqual(y.FrameRates);

        public int GetHashCode(VideoMode obj) => obj.Width.GetHashCode(StringComparison.Ordinal);
    }
}
