using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace EyeOfHorus.Local.Frames;

/// <summary>
/// One camera for <c>horus run</c>. <see cref="SourceTokens"/> are the gst-launch tokens of the
/// source as <c>horus publish</c> builds them (v4l2src, rtspsrc ! decodebin, filesrc ! decodebin ! clocksync,
/// videotestsrc). <see cref="Finite"/>: the source ends on its own (a file, a counted test pattern)
/// and the feed is done when it does; a live source that ends is restarted.
/// </summary>
public sealed record CameraSource(string Camera, IReadOnlyList<string> SourceTokens, bool Finite, int Fps = 4, int Width = 640, int Height = 480);

public enum FeedState { Starting, Running, Restarting, Ended, Failed }

/// <summary>
/// Runs the camera's GStreamer pipeline as a child process and reads its sampled frames:
/// <c>&lt;source&gt; ! videoconvert ! videoscale ! videorate drop-only=true max-rate=FPS !
/// video/x-raw,format=RGBA,width=W,height=H,pixel-aspect-ratio=1/1 ! fdsink fd=1</c>, decoded RGBA
/// frames of a fixed size on stdout. Frames go to a channel of <see cref="Backlog"/> frames that drops
/// the oldest when analysis falls behind, so the pipeline is never slowed down by recognition. A pipeline
/// that dies is restarted with a capped exponential backoff.
/// </summary>
public sealed class CameraFeed
{
    public const int Backlog = 2;
    private readonly CameraSource _source;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private readonly string _gstLaunch;
    private readonly Channel<Frame> _frames;
    private long _index, _dropped, _restarts;

    public CameraFeed(CameraSource source, TextWriter? log = null, TimeProvider? time = null, string gstLaunch = "gst-launch-1.0")
    {
        _source = source;
        _log = log ?? TextWriter.Null;
        _time = time ?? TimeProvider.System;
        _gstLaunch = gstLaunch;
        _frames = Channel.CreateBounded<Frame>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public CameraSource Source => _source;
    public ChannelReader<Frame> Frames => _frames.Reader;
    public FeedState State { get; private set; } = FeedState.Starting;
    public string? LastError { get; private set; }
    public long FramesRead => Interlocked.Read(ref _index);
    public long FramesDropped => Interlocked.Read(ref _dropped);
    public long Restarts => Interlocked.Read(ref _restarts);

    public IReadOnlyList<string> Arguments
    {
        get
        {
            var inv = CultureInfo.InvariantCulture;
            return ["-q", .. _source.SourceTokens, "!", "videoconvert", "!", "videoscale", "!",
                "videorate", "drop-only=true", $"max-rate={_source.Fps.ToString(inv)}", "!",
                $"video/x-raw,format=RGBA,width={_source.Width.ToString(inv)},height={_source.Height.ToString(inv)},pixel-aspect-ratio=1/1", "!",
                "fdsink", "fd=1", "sync=false"];
        }
    }

    /// <summary>Runs until <paramref name="stop"/> or, for a finite source, its end; then completes <see cref="Frames"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var backoff = TimeSpan.FromSeconds(1);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                State = FeedState.Running;
                var started = _time.GetUtcNow();
                var (exitCode, error) = await RunOnceAsync(stop).ConfigureAwait(false);
                if (stop.IsCancellationRequested) break;
                if (exitCode == 0 && _source.Finite)
                {
                    State = FeedState.Ended;
                    return;
                }
                LastError = error ?? $"the pipeline exited with code {exitCode}";
                if (exitCode == -1) // gst-launch itself cannot run: restarting cannot help
                {
                    State = FeedState.Failed;
                    _log.WriteLine($"{_source.Camera}: {LastError}");
                    return;
                }
                if (_time.GetUtcNow() - started > TimeSpan.FromMinutes(1)) backoff = TimeSpan.FromSeconds(1);
                State = FeedState.Restarting;
                Interlocked.Increment(ref _restarts);
                _log.WriteLine($"{_source.Camera}: {LastError}; restarting in {backoff.TotalSeconds:0} s");
                try { await Task.Delay(backoff, _time, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
                backoff = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, backoff.Ticks * 2));
            }
            State = FeedState.Ended;
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    private async Task<(int ExitCode, string? Error)> RunOnceAsync(CancellationToken stop)
    {
        var start = new ProcessStartInfo(_gstLaunch)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in Arguments) start.ArgumentList.Add(a);
        using var process = new Process { StartInfo = start };
        string? lastError = null, firstError = null;
        // gst-launch names the cause in its first "ERROR:" line; the last line is only "Failed to set pipeline to PAUSED."
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            lastError = e.Data.Trim();
            if (firstError is null && lastError.StartsWith("ERROR", StringComparison.Ordinal)) firstError = lastError;
        };
        try { process.Start(); }
        catch (Win32Exception ex)
        {
            return (-1, $"cannot run {_gstLaunch} ({ex.Message}): install GStreamer (apt-get install gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good)");
        }
        process.BeginErrorReadLine();
        var size = Frame.SizeOf(_source.Width, _source.Height);
        var stdout = process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                var buffer = new byte[size];
                if (!await ReadFrameAsync(stdout, buffer, stop).ConfigureAwait(false)) break;
                var index = Interlocked.Increment(ref _index) - 1;
                _frames.Writer.TryWrite(new Frame(_source.Camera, index, _time.GetUtcNow(), _source.Width, _source.Height, buffer));
            }
        }
        catch (OperationCanceledException)
        {
            Stop(process);
        }
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return (stop.IsCancellationRequested ? 0 : process.ExitCode, firstError ?? lastError);
    }

    private static async Task<bool> ReadFrameAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }
}
