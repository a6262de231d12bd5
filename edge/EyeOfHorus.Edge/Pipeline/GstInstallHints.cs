namespace EyeOfHorus.Edge.Pipeline;

/// <summary>How to install each GStreamer element the pipeline may use, said exactly.</summary>
public static class GstInstallHints
{
    public const string GstToolsFix =
        "install GStreamer's command-line tools: Debian/Ubuntu `sudo apt-get install gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly`; " +
        "macOS `brew install gstreamer`; Windows: the MSVC runtime installer from gstreamer.freedesktop.org, then add its bin folder to PATH";

    public const string DeviceMonitorFix =
        "install gst-device-monitor-1.0: Debian/Ubuntu `sudo apt-get install gstreamer1.0-plugins-base-apps`; macOS `brew install gstreamer`";

    /// <summary>kvssink is not packaged anywhere: it is built from Amazon's producer SDK.</summary>
    public const string KvssinkFix =
        "kvssink is built from Amazon's Kinesis Video Streams producer SDK: " +
        "`sudo apt-get install cmake g++ git pkg-config m4 libssl-dev libcurl4-openssl-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev && " +
        "git clone https://github.com/awslabs/amazon-kinesis-video-streams-producer-sdk-cpp.git && cd amazon-kinesis-video-streams-producer-sdk-cpp && " +
        "mkdir -p build && cd build && cmake .. -DBUILD_GSTREAMER_PLUGIN=ON && make -j$(nproc)`; then " +
        "`export GST_PLUGIN_PATH=$PWD` (the build folder, which holds libgstkvssink.so) and " +
        "`export LD_LIBRARY_PATH=$PWD/../open-source/local/lib` (put both in /etc/horus/publish.env for the systemd unit); " +
        "check with `gst-inspect-1.0 kvssink`";

    public static string For(string element) => element switch
    {
        "kvssink" => KvssinkFix,
        "x264enc" => "x264enc is in GStreamer's 'ugly' plugins: Debian/Ubuntu `sudo apt-get install gstreamer1.0-plugins-ugly`; macOS `brew install gstreamer`",
        "h264parse" or "avfvideosrc" or "mfvideosrc" =>
            $"{element} is in GStreamer's 'bad' plugins: Debian/Ubuntu `sudo apt-get install gstreamer1.0-plugins-bad`; macOS `brew install gstreamer`",
        "v4l2src" or "rtspsrc" or "matroskamux" or "mp4mux" or "qtmux" or "jpegenc" or "multifilesink" =>
            $"{element} is in GStreamer's 'good' plugins: Debian/Ubuntu `sudo apt-get install gstreamer1.0-plugins-good`",
        "videotestsrc" or "videoconvert" or "videoscale" or "videorate" or "decodebin" =>
            $"{element} is in GStreamer's 'base' plugins: Debian/Ubuntu `sudo apt-get install gstreamer1.0-plugins-base`",
        "filesrc" or "filesink" or "queue" or "tee" or "fakesink" or "identity" or "clocksync" =>
            $"{element} is in GStreamer's core: Debian/Ubuntu `sudo apt-get install gstreamer1.0-tools`",
        _ => $"install the GStreamer plugin that provides '{element}' (`gst-inspect-1.0 {element}` finds it once installed)",
    };
}
