using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EyeOfHorus.Contract;
using EyeOfHorus.Local.Gallery;
using SkiaSharp;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>The faces API against the real faces folder and engine: photos served, uploads refused or kept, removals, the list and the calibration.</summary>
public sealed class FacesApiTests
{
    private static string Copy(ConsoleHost host, string person, string photo, string? asName = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(host.FacesFolder, person)).FullName;
        var path = Path.Combine(dir, asName ?? photo);
        File.Copy(RealEngine.Photo(photo), path, overwrite: true);
        return path;
    }

    private static async Task<(HttpStatusCode Status, string Error)> RefusedAsync(Task<HttpResponseMessage> send)
    {
        using var response = await send;
        return (response.StatusCode, await ConsoleHost.ErrorOf(response));
    }

    private static byte[] Half(string photo)
    {
        var bytes = File.ReadAllBytes(RealEngine.Photo(photo));
        return bytes[..(bytes.Length / 2)];
    }

    [Fact]
    public async Task A_photo_is_served_as_stored_or_as_a_thumbnail_and_only_from_the_faces_folder()
    {
        await using var host = await ConsoleHost.StartAsync();
        var png = EventsAndCamerasTests.Image(300, 150, SKEncodedImageFormat.Png);
        Directory.CreateDirectory(Path.Combine(host.FacesFolder, "alice"));
        await File.WriteAllBytesAsync(Path.Combine(host.FacesFolder, "alice", "a.png"), png);
        var outside = Path.Combine(host.Root, "outside.jpg");
        File.Copy(RealEngine.Photo("biden.jpg"), outside);
        File.CreateSymbolicLink(Path.Combine(host.FacesFolder, "alice", "link.jpg"), outside);

        using (var whole = await host.Client.GetAsync("/api/faces/alice/a.png"))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal("image/png", whole.Content.Headers.ContentType!.MediaType);
            Assert.Equal(png, await whole.Content.ReadAsByteArrayAsync());
        }
        using (var thumb = await host.Client.GetAsync("/api/faces/alice/a.png?size=thumb"))
        {
            Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType!.MediaType);
            using var decoded = SKBitmap.Decode(await thumb.Content.ReadAsByteArrayAsync());
            Assert.Equal((240, 120), (decoded.Width, decoded.Height));
        }
        Assert.Equal((HttpStatusCode.NotFound, "no photo alice/none.jpg"), await RefusedAsync(host.Client.GetAsync("/api/faces/alice/none.jpg")));
        Assert.Equal((HttpStatusCode.NotFound, "no photo alice/link.jpg"), await RefusedAsync(host.Client.GetAsync("/api/faces/alice/link.jpg")));
        Assert.Equal((HttpStatusCode.BadRequest, "the photo name '.a.png' starts with '.': the faces folder ignores hidden files"),
            await RefusedAsync(host.Client.GetAsync("/api/faces/alice/.a.png")));
    }

    [Fact]
    public async Task An_upload_is_one_photo_in_a_multipart_form_and_anything_else_is_refused_with_what_to_send()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();
        var obama = await File.ReadAllBytesAsync(RealEngine.Photo("obama.jpg"));

        Assert.Equal((HttpStatusCode.BadRequest, "send the photo as multipart/form-data, field 'photo'"),
            await RefusedAsync(host.SendAsync(HttpMethod.Post, "/api/faces/alice", new ByteArrayContent(obama))));
        var textOnly = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        Assert.Equal((HttpStatusCode.BadRequest, "send exactly one photo per request (field 'photo')"),
            await RefusedAsync(host.SendAsync(HttpMethod.Post, "/api/faces/alice", textOnly)));
        var two = ConsoleHost.Photo(obama, "a.jpg");
        two.Add(new ByteArrayContent(obama), "photo", "b.jpg");
        Assert.Equal((HttpStatusCode.BadRequest, "send exactly one photo per request (field 'photo')"),
            await RefusedAsync(host.SendAsync(HttpMethod.Post, "/api/faces/alice", two)));
        var broken = new ByteArrayContent(Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\nabc"));
        broken.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xyz");
        Assert.Equal((HttpStatusCode.BadRequest, "the upload is not valid multipart/form-data (it ends before its closing boundary)"),
            await RefusedAsync(host.SendAsync(HttpMethod.Post, "/api/faces/alice", broken)));
        var noBoundary = new ByteArrayContent(obama);
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        Assert.Equal((HttpStatusCode.BadRequest, "the upload is not valid multipart/form-data (Missing content-type boundary.)"),
            await RefusedAsync(host.SendAsync(HttpMethod.Post, "/api/faces/alice", noBoundary)));

        Assert.Equal((HttpStatusCode.BadRequest, $"the person name is longer than {ConsoleNames.MaxLength} characters"),
            await RefusedAsync(host.SendAsync(HttpMethod.Post, "/api/faces/" + new string('a', ConsoleNames.MaxLength + 1), ConsoleHost.Photo(obama, "a.jpg"))));
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "e.jpg is not a JPEG or PNG photo (the file is empty)"),
            await RefusedAsync(host.SendAsync(HttpMethod.Post, "/api/faces/alice", ConsoleHost.Photo([], "e.jpg"))));
        var (status, error) = await RefusedAsync(host.SendAsync(HttpMethod.Post, "/api/faces/alice", ConsoleHost.Photo(Half("obama.jpg"), "half.jpg")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith($"half.jpg: {PhotoRejection.TruncatedImage.Code} (no EOI marker", error, StringComparison.Ordinal);
        Assert.EndsWith($"). {PhotoRejection.TruncatedImage.Advice}", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(host.FacesFolder, "alice")));
    }

    [Fact]
    public async Task An_uploaded_photo_is_written_under_its_name_replacing_the_old_one_and_answered_with_its_links()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.OpenSessionAsync();
        var pattern = await ApiTests.CreateFacelessJpegAsync(host.Root);
        const string person = "José Ñ";
        using (var first = await host.SendAsync(HttpMethod.Post, $"/api/faces/{Uri.EscapeDataString(person)}", ConsoleHost.Photo(pattern, "a b.jpg")))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            var result = await first.Content.ReadFromJsonAsync<UploadResult>(JsonSerializerOptions.Web);
            Assert.Equal(person, result!.Person);
            Assert.Equal(("a b.jpg", false, PhotoRejection.NoFace.Code, FacesFolder.Advice(PhotoRejection.NoFace.Code)),
                (result.Photo.Name, result.Photo.Authorised, result.Photo.Rejection, result.Photo.Advice));
            Assert.NotNull(result.Photo.Detail);
        }
        var obama = await File.ReadAllBytesAsync(RealEngine.Photo("obama.jpg"));
        using (var again = await host.SendAsync(HttpMethod.Post, $"/api/faces/{Uri.EscapeDataString(person)}", ConsoleHost.Photo(obama, "a b.jpg")))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            var result = await again.Content.ReadFromJsonAsync<UploadResult>(JsonSerializerOptions.Web);
            const string url = "/api/faces/Jos%C3%A9%20%C3%91/a%20b.jpg";
            Assert.Equal(new PhotoInfo("a b.jpg", true, null, null, null, url, url + "?size=thumb"), result!.Photo);
        }
        var folder = Path.Combine(host.FacesFolder, person);
        Assert.Equal(obama, await File.ReadAllBytesAsync(Path.Combine(folder, "a b.jpg")));
        Assert.Equal(["a b.jpg"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
        Assert.Equal(1, host.Faces.Gallery.People);

        // Beside an authorised photo, the answer is the new photo's own verdict.
        using (var second = await host.SendAsync(HttpMethod.Post, $"/api/faces/{Uri.EscapeDataString(person)}", ConsoleHost.Photo(pattern, "b.jpg")))
        {
            var result = await second.Content.ReadFromJsonAsync<UploadResult>(JsonSerializerOptions.Web);
            Assert.Equal(("b.jpg", false), (result!.Photo.Name, result.Photo.Authorised));
        }
    }

    [Fact]
    public async Task The_list_shows_each_persons_photos_with_the_reason_a_photo_is_refused_and_empty_folders_but_not_hidden_ones()
    {
        await using var host = await ConsoleHost.StartAsync();
        Copy(host, "obama", "obama.jpg");
        Directory.CreateDirectory(Path.Combine(host.FacesFolder, "Zed"));
        await File.WriteAllBytesAsync(Path.Combine(host.FacesFolder, "Zed", "half.jpg"), Half("biden.jpg"));
        Directory.CreateDirectory(Path.Combine(host.FacesFolder, "zoe"));
        Directory.CreateDirectory(Path.Combine(host.FacesFolder, ".trash"));
        await host.Faces.ScanAsync(CancellationToken.None);

        var faces = await host.Client.GetFromJsonAsync<FacesInfo>("/api/faces", JsonSerializerOptions.Web);
        Assert.Equal(host.FacesFolder, faces!.Folder);
        Assert.Equal(["Zed", "obama", "zoe"], faces.People.Select(p => p.Name));
        var half = Assert.Single(faces.People[0].Photos);
        Assert.Equal(("half.jpg", false, PhotoRejection.TruncatedImage.Code, FacesFolder.Advice(PhotoRejection.TruncatedImage.Code)),
            (half.Name, half.Authorised, half.Rejection, half.Advice));
        Assert.StartsWith("no EOI marker", half.Detail, StringComparison.Ordinal);
        Assert.Equal(new PhotoInfo("obama.jpg", true, null, null, null, "/api/faces/obama/obama.jpg", "/api/faces/obama/obama.jpg?size=thumb"),
            Assert.Single(faces.People[1].Photos));
        Assert.Empty(faces.People[2].Photos);

        Directory.Delete(host.FacesFolder, recursive: true); // the folder itself gone: the last scan's photos are still listed
        var gone = await host.Client.GetFromJsonAsync<FacesInfo>("/api/faces", JsonSerializerOptions.Web);
        Assert.Equal(["Zed", "obama"], gone!.People.Select(p => p.Name));
    }

    [Fact]
    public async Task Removing_a_photo_keeps_the_persons_other_photos_and_removing_the_last_removes_the_folder()
    {
        await using var host = await ConsoleHost.StartAsync();
        Copy(host, "obama", "obama.jpg");
        Copy(host, "obama", "obama2.jpg");
        Copy(host, "biden", "biden.jpg");
        await host.Faces.ScanAsync(CancellationToken.None);
        await host.OpenSessionAsync();
        Assert.Equal(2, host.Faces.Gallery.People);

        using (var one = await host.SendAsync(HttpMethod.Delete, "/api/faces/obama/obama.jpg"))
            Assert.Equal(HttpStatusCode.NoContent, one.StatusCode);
        Assert.Equal(["obama2.jpg"], Directory.EnumerateFiles(Path.Combine(host.FacesFolder, "obama")).Select(Path.GetFileName));
        var listed = await host.Client.GetFromJsonAsync<FacesInfo>("/api/faces", JsonSerializerOptions.Web);
        Assert.Equal(["obama2.jpg"], listed!.People.Single(p => p.Name == "obama").Photos.Select(p => p.Name)); // rescanned
        using (var last = await host.SendAsync(HttpMethod.Delete, "/api/faces/obama/obama2.jpg"))
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(host.FacesFolder, "obama")));
        Assert.Equal(1, host.Faces.Gallery.People);

        Assert.Equal((HttpStatusCode.NotFound, "no photo obama/obama2.jpg"), await RefusedAsync(host.SendAsync(HttpMethod.Delete, "/api/faces/obama/obama2.jpg")));
        Assert.Equal((HttpStatusCode.BadRequest, "the photo name '.x.jpg' starts with '.': the faces folder ignores hidden files"),
            await RefusedAsync(host.SendAsync(HttpMethod.Delete, "/api/faces/biden/.x.jpg")));
        Assert.Equal((HttpStatusCode.NotFound, "no person obama"), await RefusedAsync(host.SendAsync(HttpMethod.Delete, "/api/faces/obama")));
        Assert.Equal((HttpStatusCode.BadRequest, "the person name '.biden' starts with '.': the faces folder ignores hidden files"),
            await RefusedAsync(host.SendAsync(HttpMethod.Delete, "/api/faces/.biden")));

        using (var person = await host.SendAsync(HttpMethod.Delete, "/api/faces/biden"))
            Assert.Equal(HttpStatusCode.NoContent, person.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(host.FacesFolder, "biden")));
        Assert.Equal(0, host.Faces.Gallery.People); // rescanned
    }

    [Fact]
    public async Task The_calibration_gives_each_persons_spread_nearest_other_and_whether_both_hold()
    {
        await using var host = await ConsoleHost.StartAsync();
        // The same man under two names: each name's one photo agrees with itself, but stands too near the other name.
        Copy(host, "barack", "obama2.jpg");
        Copy(host, "biden", "biden.jpg");
        Copy(host, "biden", "biden2.jpg");
        Copy(host, "obama", "obama.jpg");
        await File.WriteAllBytesAsync(Path.Combine(host.FacesFolder, "obama", "half.jpg"), Half("obama2.jpg"));
        var statuses = await host.Faces.ScanAsync(CancellationToken.None);
        var expected = FacesCheck.From(statuses, host.Faces.Gallery, 90);

        var check = await host.Client.GetFromJsonAsync<CheckInfo>("/api/faces/check", JsonSerializerOptions.Web);
        Assert.Equal(90, check!.Threshold);
        Assert.Equal(Math.Round(expected.MatchDistance, 3), check.MatchDistance);
        Assert.False(check.AllGood);
        var rejected = Assert.Single(check.Rejected);
        Assert.Equal(("half.jpg", PhotoRejection.TruncatedImage.Code), (rejected.Name, rejected.Rejection));
        Assert.Equal(["barack", "biden", "obama"], check.People.Select(p => p.Person));
        foreach (var (api, cli) in check.People.Zip(expected.People))
        {
            Assert.Equal(cli.Photos, api.Photos);
            Assert.Equal(expected.Verdict(cli), api.Verdict);
            Assert.Equal(Math.Round(cli.Margin, 3), api.Margin);
            Assert.Equal(cli.PhotosAgree(expected.MatchDistance) && cli.StandsApart(expected.MatchDistance), api.Ok);
            var n = cli.Nearest!;
            Assert.Equal(new NearestInfo(n.Person, n.Photo, n.OwnPhoto, Math.Round(n.Distance, 3), Math.Round(EyeOfHorus.FaceEngine.FaceDistance.ToSimilarity(n.Distance), 1)), api.Nearest);
        }
        var (barack, biden, obama) = (check.People[0], check.People[1], check.People[2]);
        Assert.Equal(("obama", false), (barack.Nearest!.Person, barack.Ok)); // agrees with itself, too near obama
        Assert.Equal(("barack", false), (obama.Nearest!.Person, obama.Ok));
        Assert.Equal(((double?)null, (double?)null), (obama.Spread, obama.SpreadSimilarity));
        var bidenCli = expected.People[1];
        Assert.Equal(Math.Round(bidenCli.Spread, 3), biden.Spread);
        Assert.Equal(Math.Round(EyeOfHorus.FaceEngine.FaceDistance.ToSimilarity(bidenCli.Spread), 1), biden.SpreadSimilarity);
        Assert.True(biden.Ok);
    }
}
