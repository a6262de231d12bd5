using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EyeOfHorus.Contract;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.Tracking;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>The JSON API the pages use, against a real server, database, faces folder and face engine.</summary>
public sealed class ApiTests
{
    private static long Seed(ConsoleHost host, string camera, string @event, string? person, int minute)
    {
        var time = new DateTimeOffset(2026, 12, 2, 9, minute, 0, TimeSpan.Zero);
        var document = $$"""{"event":"{{@event}}","camera":"{{camera}}","person":{{(person is null ? "null" : $"\"{person}\"")}},"time":"t","similarity":{{(person is null ? "null" : "93.26")}},"confidence":99,"faceId":null,"snapshotUrl":null}""";
        return host.Store.TryAccept(Guid.NewGuid().ToString(), TimeSpan.Zero, time, camera, @event, person, time, $"line {minute}", document, null, [])!.Id;
    }

    [Fact]
    public async Task Events_come_newest_first_in_pages_and_filter_by_camera_event_and_person()
    {
        await using var host = await ConsoleHost.StartAsync();
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(Seed(host, i % 2 == 0 ? "front-door" : "garage", i % 3 == 0 ? AlertEvents.UnknownFace : AlertEvents.PersonRecognised, i % 3 == 0 ? null : (i % 3 == 1 ? "alice" : "bob"), i));
        }

        var first = await host.Client.GetFromJsonAsync<EventPage>("/api/events?limit=3", JsonSerializerOptions.Web);
        Assert.Equal([ids[6], ids[5], ids[4]], first!.Events.Select(e => e.Id));
        Assert.Equal(ids[4], first.Next);
        var second = await host.Client.GetFromJsonAsync<EventPage>($"/api/events?limit=3&before={first.Next}", JsonSerializerOptions.Web);
        Assert.Equal([ids[3], ids[2], ids[1]], second!.Events.Select(e => e.Id));
        var last = await host.Client.GetFromJsonAsync<EventPage>($"/api/events?limit=3&before={second.Next}", JsonSerializerOptions.Web);
        Assert.Equal([ids[0]], last!.Events.Select(e => e.Id));
        Assert.Null(last.Next);

        var garage = await host.Client.GetFromJsonAsync<EventPage>("/api/events?camera=garage", JsonSerializerOptions.Web);
        Assert.Equal([ids[5], ids[3], ids[1]], garage!.Events.Select(e => e.Id));
        var unknown = await host.Client.GetFromJsonAsync<EventPage>($"/api/events?event={AlertEvents.UnknownFace}", JsonSerializerOptions.Web);
        Assert.Equal([ids[6], ids[3], ids[0]], unknown!.Events.Select(e => e.Id));
        var bob = await host.Client.GetFromJsonAsync<EventPage>("/api/events?person=bob&camera=front-door", JsonSerializerOptions.Web);
        var e = Assert.Single(bob!.Events);
        Assert.Equal((ids[2], "bob", 93.3, "front-door"), (e.Id, e.Person, e.Similarity, e.Camera));
        Assert.Null(e.Snapshot);

        var facets = await host.Client.GetFromJsonAsync<EventFacets>("/api/events/facets", JsonSerializerOptions.Web);
        Assert.Equal(["front-door", "garage"], facets!.Cameras);
        Assert.Equal(["alice", "bob"], facets.People);
        Assert.Equal(AlertEvents.All, facets.Events);

        foreach (var bad in new[] { "limit=0", "limit=201", "limit=x", "before=-1", "event=door_opened" })
        {
            using var response = await host.Client.GetAsync($"/api/events?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task Uploading_authorises_through_the_faces_folder_a_bad_photo_gets_the_clis_reason_and_removing_de_authorises()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();

        using (var upload = await host.SendAsync(HttpMethod.Post, "/api/faces/obama", ConsoleHost.Photo(await File.ReadAllBytesAsync(RealEngine.Photo("obama.jpg")), "portrait.jpg")))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            var result = await upload.Content.ReadFromJsonAsync<UploadResult>(JsonSerializerOptions.Web);
            Assert.True(result!.Photo.Authorised);
        }
        Assert.True(File.Exists(Path.Combine(host.FacesFolder, "obama", "portrait.jpg")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.FacesFolder, "obama"), ".upload-*"));
        Assert.Equal(1, host.Faces.Gallery.People);

        // A photo of a test pattern (no face): kept in the folder, as a copied file would be, and shown with the CLI's reason and advice.
        var pattern = await CreateFacelessJpegAsync(host.Root);
        using (var upload = await host.SendAsync(HttpMethod.Post, "/api/faces/obama", ConsoleHost.Photo(pattern, "pattern.jpg")))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            var photo = (await upload.Content.ReadFromJsonAsync<UploadResult>(JsonSerializerOptions.Web))!.Photo;
            Assert.False(photo.Authorised);
            Assert.Equal(PhotoRejection.NoFace.Code, photo.Rejection);
            Assert.Equal(FacesFolder.Advice(PhotoRejection.NoFace.Code), photo.Advice);
        }

        var faces = await host.Client.GetFromJsonAsync<FacesInfo>("/api/faces", JsonSerializerOptions.Web);
        var person = Assert.Single(faces!.People);
        Assert.Equal("obama", person.Name);
        Assert.Equal(["pattern.jpg", "portrait.jpg"], person.Photos.Select(p => p.Name));
        using (var thumb = await host.Client.GetAsync(person.Photos[1].Thumbnail))
        {
            Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType!.MediaType);
            Assert.True((await thumb.Content.ReadAsByteArrayAsync()).Length < new FileInfo(Path.Combine(host.FacesFolder, "obama", "portrait.jpg")).Length);
        }

        using (var remove = await host.SendAsync(HttpMethod.Delete, "/api/faces/obama/portrait.jpg"))
            Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Equal(0, host.Faces.Gallery.People);
        using (var again = await host.SendAsync(HttpMethod.Delete, "/api/faces/obama/portrait.jpg"))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using (var removePerson = await host.SendAsync(HttpMethod.Delete, "/api/faces/obama"))
            Assert.Equal(HttpStatusCode.NoContent, removePerson.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(host.FacesFolder, "obama")));
        Assert.Empty((await host.Client.GetFromJsonAsync<FacesInfo>("/api/faces", JsonSerializerOptions.Web))!.People);
    }

    [Fact]
    public async Task The_calibration_is_horus_faces_checks_own_numbers_and_verdicts()
    {
        await using var host = await ConsoleHost.StartAsync();
        foreach (var (person, photos) in new[] { ("obama", new[] { "obama.jpg", "obama2.jpg" }), ("biden", new[] { "biden.jpg" }) })
        {
            var dir = Directory.CreateDirectory(Path.Combine(host.FacesFolder, person)).FullName;
            foreach (var p in photos) File.Copy(RealEngine.Photo(p), Path.Combine(dir, p));
        }
        var statuses = await host.Faces.ScanAsync(CancellationToken.None);
        var expected = FacesCheck.From(statuses, host.Faces.Gallery, 90);

        var check = await host.Client.GetFromJsonAsync<CheckInfo>("/api/faces/check", JsonSerializerOptions.Web);
        Assert.Equal(expected.AllGood, check!.AllGood);
        Assert.Equal(["biden", "obama"], check.People.Select(p => p.Person));
        foreach (var (api, cli) in check.People.Zip(expected.People))
        {
            Assert.Equal(expected.Verdict(cli), api.Verdict);
            Assert.Equal(Math.Round(cli.Margin, 3), api.Margin, 3);
            Assert.Equal(cli.Nearest!.Person, api.Nearest!.Person);
        }
        Assert.Equal("ok (one photo: add 2-3 more from other days and angles)", check.People[0].Verdict);
        Assert.NotNull(check.People[1].Spread);
    }

    [Fact]
    public async Task Cameras_show_state_rate_and_the_latest_frame_with_each_faces_name_or_unknown()
    {
        await using var host = await ConsoleHost.StartAsync();
        host.Feeds.Add(new CameraFeed(new CameraSource("front-door", ["videotestsrc"], Finite: false)));
        using (var none = await host.Client.GetAsync("/api/cameras/front-door/frame.jpg"))
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);

        var frame = new Frame("front-door", 41, DateTimeOffset.UtcNow, 4, 2, new byte[Frame.SizeOf(4, 2)]);
        host.Live.Publish(frame, [
            new FrameFace(new FaceBox(0, 0, 2, 2), 0.9, null, [1f], new GalleryMatch("alice", "a.jpg", 95.04)),
            new FrameFace(new FaceBox(2, 0, 2, 2), 0.9, null, [1f], new GalleryMatch("alice", "a.jpg", 70)),
            new FrameFace(new FaceBox(1, 1, 1, 1), 0.9, "blurred", null, null),
        ], threshold: 90);

        var camera = Assert.Single((await host.Client.GetFromJsonAsync<List<CameraInfo>>("/api/cameras", JsonSerializerOptions.Web))!);
        Assert.Equal(("front-door", "starting"), (camera.Name, camera.State));
        Assert.True(camera.Fps > 0);
        Assert.Equal(41, camera.Frame!.Index);
        Assert.Equal([("alice", (double?)95.0, (string?)null), (null, 70, null), (null, null, "blurred")],
            camera.Frame.Faces.Select(f => (f.Person, f.Similarity, f.Unusable)));
        using var jpeg = await host.Client.GetAsync(camera.Frame.Url);
        Assert.Equal("image/jpeg", jpeg.Content.Headers.ContentType!.MediaType);
        var bytes = await jpeg.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
    }

    internal static async Task<byte[]> CreateFacelessJpegAsync(string folder)
    {
        var path = Path.Combine(folder, "pattern.jpg");
        var start = new System.Diagnostics.ProcessStartInfo("gst-launch-1.0") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in "-q videotestsrc num-buffers=1 pattern=smpte ! video/x-raw,width=320,height=240 ! jpegenc ! filesink".Split(' ')) start.ArgumentList.Add(a);
        start.ArgumentList.Add($"location={path}");
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return await File.ReadAllBytesAsync(path);
    }
}
