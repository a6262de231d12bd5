using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EyeOfHorus.Contract;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Live;
using EyeOfHorus.Local.Tracking;
using Microsoft.Extensions.Time.Testing;
using SkiaSharp;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>The events API's pages, fields and snapshots, the cameras API, the pages' assets, and the answers before the run has started.</summary>
public sealed class EventsAndCamerasTests
{
    private static readonly DateTimeOffset Day = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static long Seed(ConsoleHost host, int minute, string camera = "front-door", string @event = AlertEvents.UnknownFace, string? person = null,
        string document = "{}", string? snapshot = null)
    {
        var time = Day.AddMinutes(minute);
        return host.Store.TryAccept(Guid.NewGuid().ToString(), TimeSpan.Zero, time, camera, @event, person, time, $"line {minute}", document, snapshot, [])!.Id;
    }

    private static Task<EventPage?> PageAsync(ConsoleHost host, string query) => host.Client.GetFromJsonAsync<EventPage>("/api/events" + query, JsonSerializerOptions.Web);

    internal static byte[] Image(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(200, 30, 30));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    [Fact]
    public async Task A_page_holds_50_events_by_default_and_names_the_next_only_when_there_is_one()
    {
        await using var host = await ConsoleHost.StartAsync();
        var ids = Enumerable.Range(0, 53).Select(i => Seed(host, i)).ToList();

        var first = await PageAsync(host, "");
        Assert.Equal(ids.AsEnumerable().Reverse().Take(50), first!.Events.Select(e => e.Id));
        Assert.Equal(ids[3], first.Next);
        var rest = await PageAsync(host, $"?before={first.Next}");
        Assert.Equal([ids[2], ids[1], ids[0]], rest!.Events.Select(e => e.Id));
        Assert.Null(rest.Next);

        // Exactly a page left: no next page.
        var exact = await PageAsync(host, $"?limit=3&before={ids[3]}");
        Assert.Equal(3, exact!.Events.Count);
        Assert.Null(exact.Next);
        var one = await PageAsync(host, "?limit=1");
        Assert.Equal([ids[52]], one!.Events.Select(e => e.Id));
        Assert.Equal(ids[52], one.Next);
        Assert.Equal(53, (await PageAsync(host, "?limit=200"))!.Events.Count);

        // Empty filters are no filters.
        var unfiltered = await PageAsync(host, "?limit=2&before=&camera=&event=&person=");
        Assert.Equal([ids[52], ids[51]], unfiltered!.Events.Select(e => e.Id));
    }

    [Theory]
    [InlineData("limit=0", "limit must be a number from 1 to 200")]
    [InlineData("limit=201", "limit must be a number from 1 to 200")]
    [InlineData("limit=-5", "limit must be a number from 1 to 200")]
    [InlineData("limit=+5", "limit must be a number from 1 to 200")]
    [InlineData("limit=x", "limit must be a number from 1 to 200")]
    [InlineData("before=x", "before must be an event id")]
    [InlineData("before=-1", "before must be an event id")]
    [InlineData("before=+1", "before must be an event id")]
    [InlineData("event=door_opened", "event must be one of person_recognised, unknown_face")]
    [InlineData("event=Unknown_Face", "event must be one of person_recognised, unknown_face")]
    public async Task A_bad_page_or_filter_is_refused_with_what_is_allowed(string query, string error)
    {
        await using var host = await ConsoleHost.StartAsync();
        using var response = await host.Client.GetAsync("/api/events?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, await ConsoleHost.ErrorOf(response));
    }

    [Fact]
    public async Task An_event_carries_its_fields_its_rounded_similarity_and_its_snapshot_links()
    {
        await using var host = await ConsoleHost.StartAsync();
        var snapshot = Path.Combine(host.SnapshotFolder, "front-door", "s.jpg");
        var known = Seed(host, 1, "garage", AlertEvents.PersonRecognised, "alice", """{"similarity":93.26}""", snapshot);
        var unknown = Seed(host, 2, document: """{"similarity":null}""");
        var broken = Seed(host, 3, document: "not json");

        var page = await PageAsync(host, "");
        Assert.Equal([broken, unknown, known], page!.Events.Select(e => e.Id));
        var alice = page.Events[2];
        Assert.Equal(new EventInfo(known, "garage", AlertEvents.PersonRecognised, "alice", 93.3, Day.AddMinutes(1), "line 1",
            $"/api/events/{known}/snapshot.jpg", $"/api/events/{known}/snapshot.jpg?size=thumb"), alice);
        Assert.Equal(new EventInfo(unknown, "front-door", AlertEvents.UnknownFace, null, null, Day.AddMinutes(2), "line 2", null, null), page.Events[1]);
        Assert.Null(page.Events[0].Similarity); // a document that is not JSON still lists the event
    }

    [Fact]
    public async Task Facets_list_every_event_kind_and_what_the_timeline_holds()
    {
        await using var host = await ConsoleHost.StartAsync();
        var empty = await host.Client.GetFromJsonAsync<EventFacets>("/api/events/facets", JsonSerializerOptions.Web);
        Assert.Equal(AlertEvents.All, empty!.Events);
        Assert.Empty(empty.Cameras);
        Assert.Empty(empty.People);

        Seed(host, 1, "garage", AlertEvents.PersonRecognised, "bob");
        Seed(host, 2, "front-door", "door_opened"); // written by an older version: still offered as a filter
        var facets = await host.Client.GetFromJsonAsync<EventFacets>("/api/events/facets", JsonSerializerOptions.Web);
        Assert.Equal(["front-door", "garage"], facets!.Cameras);
        Assert.Equal([AlertEvents.PersonRecognised, AlertEvents.UnknownFace, "door_opened"], facets.Events);
        Assert.Equal(["bob"], facets.People);
    }

    [Fact]
    public async Task A_snapshot_is_served_whole_or_as_a_240_pixel_wide_jpeg_thumbnail()
    {
        await using var host = await ConsoleHost.StartAsync();
        var folder = Directory.CreateDirectory(Path.Combine(host.SnapshotFolder, "door")).FullName;
        string Save(string name, byte[] bytes)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }
        var wide = Image(1000, 333, SKEncodedImageFormat.Jpeg);
        var narrow = Image(240, 100, SKEncodedImageFormat.Jpeg);
        var png = Image(600, 300, SKEncodedImageFormat.Png);
        var wideId = Seed(host, 1, snapshot: Save("wide.jpg", wide));
        var narrowId = Seed(host, 2, snapshot: Save("narrow.jpg", narrow));
        var pngId = Seed(host, 3, snapshot: Save("p.png", png));
        var textId = Seed(host, 4, snapshot: Save("t.jpg", "hello"u8.ToArray()));
        var undecodableId = Seed(host, 5, snapshot: Save("u.jpg", [0xFF, 0xD8, 0xFF, 0xD9])); // a JPEG by its markers, with no image in it
        var goneId = Seed(host, 6, snapshot: Path.Combine(folder, "gone.jpg"));
        var noneId = Seed(host, 7);
        var strip = Image(2000, 2, SKEncodedImageFormat.Png);
        var stripId = Seed(host, 8, snapshot: Save("strip.png", strip));
        // A socket is no regular file's content: reading it fails though it exists.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(folder, "socket.jpg")));
        var socketId = Seed(host, 9, snapshot: Path.Combine(folder, "socket.jpg"));

        async Task<(HttpStatusCode Status, string? Type, byte[] Bytes)> GetAsync(string url)
        {
            using var response = await host.Client.GetAsync(url);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
        }
        async Task ServedAsync(string url, string type, byte[] bytes)
        {
            var (status, actualType, actual) = await GetAsync(url);
            Assert.Equal((HttpStatusCode.OK, type), (status, actualType));
            Assert.Equal(bytes, actual);
        }

        await ServedAsync($"/api/events/{wideId}/snapshot.jpg", "image/jpeg", wide);
        await ServedAsync($"/api/events/{wideId}/snapshot.jpg?size=large", "image/jpeg", wide);
        var thumb = await GetAsync($"/api/events/{wideId}/snapshot.jpg?size=thumb");
        Assert.Equal((HttpStatusCode.OK, "image/jpeg"), (thumb.Status, thumb.Type));
        using (var decoded = SKBitmap.Decode(thumb.Bytes))
            Assert.Equal((240, 80), (decoded.Width, decoded.Height));
        await ServedAsync($"/api/events/{narrowId}/snapshot.jpg?size=thumb", "image/jpeg", narrow); // never scaled up

        await ServedAsync($"/api/events/{pngId}/snapshot.jpg", "image/png", png);
        var pngThumb = await GetAsync($"/api/events/{pngId}/snapshot.jpg?size=thumb");
        Assert.Equal((HttpStatusCode.OK, "image/jpeg"), (pngThumb.Status, pngThumb.Type));
        using (var decoded = SKBitmap.Decode(pngThumb.Bytes))
            Assert.Equal((240, 120), (decoded.Width, decoded.Height));

        var stripThumb = await GetAsync($"/api/events/{stripId}/snapshot.jpg?size=thumb");
        using (var decoded = SKBitmap.Decode(stripThumb.Bytes))
            Assert.Equal((240, 1), (decoded.Width, decoded.Height)); // at least one pixel high

        async Task RefusedAsync(string url, HttpStatusCode status, string error)
        {
            using var response = await host.Client.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(error, await ConsoleHost.ErrorOf(response));
        }
        await RefusedAsync($"/api/events/{textId}/snapshot.jpg", HttpStatusCode.UnsupportedMediaType, "not a JPEG or PNG image");
        await RefusedAsync($"/api/events/{undecodableId}/snapshot.jpg?size=thumb", HttpStatusCode.UnsupportedMediaType, "the image cannot be decoded");
        await ServedAsync($"/api/events/{undecodableId}/snapshot.jpg", "image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 });
        await RefusedAsync($"/api/events/{socketId}/snapshot.jpg", HttpStatusCode.NotFound, "the file is gone");
        await RefusedAsync($"/api/events/{goneId}/snapshot.jpg", HttpStatusCode.NotFound, "the snapshot is gone (snapshots are kept for a limited time)");
        await RefusedAsync($"/api/events/{noneId}/snapshot.jpg", HttpStatusCode.NotFound, $"event {noneId} has no snapshot");
        await RefusedAsync("/api/events/999999/snapshot.jpg", HttpStatusCode.NotFound, "event 999999 has no snapshot");
    }

    [Fact]
    public async Task A_cameras_frame_is_encoded_again_only_when_a_newer_frame_arrives()
    {
        await using var host = await ConsoleHost.StartAsync();
        host.Feeds.Add(new CameraFeed(new CameraSource("front door", ["videotestsrc"], Finite: false)));
        host.Feeds.Add(new CameraFeed(new CameraSource("garage", ["videotestsrc"], Finite: false)));
        static Frame Filled(string camera, long index, byte value)
        {
            var rgba = new byte[Frame.SizeOf(8, 8)];
            Array.Fill(rgba, value);
            return new Frame(camera, index, Day, 8, 8, rgba);
        }
        async Task<byte[]> JpegAsync(string camera)
        {
            using var response = await host.Client.GetAsync($"/api/cameras/{Uri.EscapeDataString(camera)}/frame.jpg");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
            return await response.Content.ReadAsByteArrayAsync();
        }
        static byte Gray(byte[] jpeg)
        {
            using var bitmap = SKBitmap.Decode(jpeg);
            return bitmap.GetPixel(4, 4).Green;
        }

        host.Live.Publish(Filled("front door", 7, 0), [], threshold: 90);
        host.Live.Publish(Filled("garage", 7, 255), [], threshold: 90);
        var cameras = (await host.Client.GetFromJsonAsync<List<CameraInfo>>("/api/cameras", JsonSerializerOptions.Web))!;
        Assert.Equal(["front door", "garage"], cameras.Select(c => c.Name));
        Assert.Equal("/api/cameras/front%20door/frame.jpg?i=7", cameras[0].Frame!.Url);
        Assert.Equal((8, 8, Day), (cameras[0].Frame!.Width, cameras[0].Frame!.Height, cameras[0].Frame!.Time));
        Assert.True(Gray(await JpegAsync("front door")) < 20);
        Assert.True(Gray(await JpegAsync("garage")) > 235); // same frame index, another camera: its own picture

        host.Live.Publish(Filled("front door", 8, 255), [], threshold: 90);
        Assert.True(Gray(await JpegAsync("front door")) > 235);
        using var unknown = await host.Client.GetAsync("/api/cameras/attic/frame.jpg");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("no analysed frame from camera 'attic' yet", await ConsoleHost.ErrorOf(unknown));
    }

    [Fact]
    public async Task Each_camera_shows_its_feeds_state_error_and_counters()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow); // holds a restarting feed in its backoff
        await using var host = await ConsoleHost.StartAsync();
        using var stop = new CancellationTokenSource();
        CameraFeed Feed(string name, string tokens, bool finite, string gst = "gst-launch-1.0") =>
            new(new CameraSource(name, tokens.Split(' '), finite, Fps: 30, Width: 8, Height: 8), time: time, gstLaunch: gst);
        var ended = Feed("ended", "videotestsrc num-buffers=4", finite: true); // nobody reads its frames: 2 stay in the backlog, 2 are dropped
        var failed = Feed("failed", "videotestsrc", finite: false, gst: "/nonexistent/gst-launch");
        var restarting = Feed("restarting", "videotestsrc num-buffers=1", finite: false);
        var running = Feed("running", "videotestsrc is-live=true", finite: false);
        var waiting = Feed("waiting", "videotestsrc", finite: false);
        host.Feeds.AddRange([ended, failed, restarting, running, waiting]);
        var runs = new[] { ended, failed, restarting, running }.Select(f => Task.Run(() => f.RunAsync(stop.Token))).ToList();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((ended.State != FeedState.Ended || failed.State != FeedState.Failed || restarting.State != FeedState.Restarting || running.FramesRead == 0)
                && DateTime.UtcNow < deadline)
                await Task.Delay(50);

            var cameras = (await host.Client.GetFromJsonAsync<List<CameraInfo>>("/api/cameras", JsonSerializerOptions.Web))!.ToDictionary(c => c.Name);
            Assert.Equal(["ended", "failed", "restarting", "running", "waiting"], cameras.Keys);
            Assert.Equal(("ended", null, 4L, 2L, 0L), (cameras["ended"].State, cameras["ended"].LastError, cameras["ended"].FramesRead, cameras["ended"].FramesDropped, cameras["ended"].Restarts));
            Assert.Equal("failed", cameras["failed"].State);
            Assert.Equal(failed.LastError, cameras["failed"].LastError);
            Assert.NotNull(cameras["failed"].LastError);
            Assert.Equal(("restarting", "the pipeline exited with code 0", 1L), (cameras["restarting"].State, cameras["restarting"].LastError, cameras["restarting"].Restarts));
            Assert.Equal("running", cameras["running"].State);
            Assert.True(cameras["running"].FramesRead > 0);
            Assert.Equal(("starting", 0L, 0.0, (LiveFrameInfo?)null), (cameras["waiting"].State, cameras["waiting"].FramesRead, cameras["waiting"].Fps, cameras["waiting"].Frame));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(runs);
        }
    }

    [Fact]
    public async Task The_rate_counts_the_last_five_seconds_and_similarities_are_rounded_to_a_tenth()
    {
        var time = new FakeTimeProvider(Day);
        var live = new LiveFrames(time);
        var feeds = new List<CameraFeed> { new(new CameraSource("door", ["videotestsrc"], Finite: false)) };
        var view = new RunView(() => null, () => null, () => feeds, live, Path.GetTempPath(), 90);
        await using var server = await ConsoleServer.StartAsync(new ConsoleSettings(IPEndPoint.Parse("127.0.0.1:0"), null), view);
        using var client = new HttpClient { BaseAddress = server.Address };
        for (var i = 0; i < 3; i++)
        {
            live.Publish(new Frame("door", i, Day, 4, 2, new byte[Frame.SizeOf(4, 2)]),
                [new FrameFace(new FaceBox(0, 0, 2, 2), 0.9, null, [1f], new GalleryMatch("alice", "a.jpg", 91.26))], threshold: 90);
            time.Advance(TimeSpan.FromMilliseconds(700));
        }
        var camera = Assert.Single((await client.GetFromJsonAsync<List<CameraInfo>>("/api/cameras", JsonSerializerOptions.Web))!);
        Assert.Equal(0.6, camera.Fps); // 3 frames in the 5 s window
        Assert.Equal(91.3, Assert.Single(camera.Frame!.Faces).Similarity);
        Assert.Equal(new LiveFaceInfo(0, 0, 2, 2, "alice", 91.3, null), camera.Frame.Faces[0]);
    }

    [Fact]
    public async Task Before_the_run_has_started_the_api_says_so_and_the_pages_still_load()
    {
        var view = new RunView(() => null, () => null, () => [], new LiveFrames(), Path.GetTempPath(), 90);
        await using var server = await ConsoleServer.StartAsync(new ConsoleSettings(IPEndPoint.Parse("127.0.0.1:0"), null), view);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var session = await client.GetFromJsonAsync<SessionInfo>("/api/session");
        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, "/api/events"), (HttpMethod.Get, "/api/events/facets"), (HttpMethod.Get, "/api/events/1/snapshot.jpg"),
            (HttpMethod.Get, "/api/faces"), (HttpMethod.Get, "/api/faces/check"), (HttpMethod.Get, "/api/faces/alice/a.jpg"),
            (HttpMethod.Post, "/api/faces/alice"), (HttpMethod.Delete, "/api/faces/alice/a.jpg"), (HttpMethod.Delete, "/api/faces/alice"),
        })
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add(ConsoleSessions.CsrfHeader, session!.Csrf);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("horus run is starting: try again in a moment", await ConsoleHost.ErrorOf(response));
        }
        Assert.Empty((await client.GetFromJsonAsync<List<CameraInfo>>("/api/cameras", JsonSerializerOptions.Web))!);

        using (var root = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
            Assert.Equal("/live", root.Headers.Location!.OriginalString);
        }
        foreach (var (url, type) in new[]
        {
            ("/live", "text/html; charset=utf-8"), ("/events", "text/html; charset=utf-8"), ("/faces", "text/html; charset=utf-8"), ("/login", "text/html; charset=utf-8"),
            ("/assets/console.css", "text/css; charset=utf-8"), ("/assets/live.js", "text/javascript; charset=utf-8"),
        })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.ToString());
            var expected = await File.ReadAllBytesAsync(Path.Combine(EyeOfHorus.Testing.RepoPaths.Root, "edge", "EyeOfHorus.WebConsole", "wwwroot",
                url.StartsWith("/assets/", StringComparison.Ordinal) ? url["/assets/".Length..] : url[1..] + ".html"));
            Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
        }
        foreach (var url in new[] { "/assets/missing.js", "/assets/live.html.bak", "/settings" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
