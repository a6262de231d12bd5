using System.Globalization;
using System.Text.Json;
using EyeOfHorus.Contract;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Gallery;
using EyeOfHorus.Local.State;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.Recognition.Faces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EyeOfHorus.WebConsole;

/// <summary>
/// The JSON API the pages use (README "Web console"): session and login, cameras and their latest
/// frame, the alert timeline with snapshots, and the faces folder (list, upload, remove, check).
/// Changes to the faces go through the folder itself and a rescan, exactly as a file copied there
/// by hand, so the CLI and the console never disagree.
/// </summary>
internal sealed class ConsoleApi(RunView view, ConsoleSettings settings, ConsoleSessions sessions)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    private readonly ConsoleImages _images = new();

    public void Map(WebApplication app)
    {
        app.MapGet("/api/session", Session);
        app.MapPost("/api/login", (Func<HttpContext, Task<IResult>>)LoginAsync);
        app.MapPost("/api/logout", Logout);
        app.MapGet("/api/cameras", Cameras);
        app.MapGet("/api/cameras/{camera}/frame.jpg", CameraFrame);
        app.MapGet("/api/events", Events);
        app.MapGet("/api/events/facets", Facets);
        app.MapGet("/api/events/{id:long}/snapshot.jpg", Snapshot);
        app.MapGet("/api/faces", Faces);
        app.MapGet("/api/faces/check", Check);
        app.MapGet("/api/faces/{person}/{photo}", Photo);
        app.MapPost("/api/faces/{person}", UploadAsync);
        app.MapDelete("/api/faces/{person}/{photo}", DeletePhotoAsync);
        app.MapDelete("/api/faces/{person}", DeletePersonAsync);
    }

    private static IResult Error(int status, string message) => Results.Json(new ConsoleError(message), ConsoleJson.Options, statusCode: status);

    private static IResult Json<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, ConsoleJson.Options, statusCode: status);

    private static IResult NotStarted() => Error(StatusCodes.Status503ServiceUnavailable, "horus run is starting: try again in a moment");

    // ---- session ----

    private IResult Session(HttpContext context)
    {
        var session = context.Items[ConsoleGate.SessionItem] as ConsoleSession;
        if (session is null && !settings.PasswordRequired)
        {
            session = sessions.Create();
            SetCookie(context, session);
        }
        return Json(new SessionInfo(settings.PasswordRequired, session is not null, session?.Csrf));
    }

    private async Task<IResult> LoginAsync(HttpContext context)
    {
        if (!settings.PasswordRequired) return Error(StatusCodes.Status400BadRequest, "this console has no password: nothing to log in to");
        if (!sessions.MayTryLogin()) return Error(StatusCodes.Status429TooManyRequests, $"more than {ConsoleSessions.MaxFailedLogins} failed logins in the last minute: wait a minute");
        LoginRequest? login;
        try { login = await context.Request.ReadFromJsonAsync<LoginRequest>(ConsoleJson.Options, context.RequestAborted).ConfigureAwait(false); }
        catch (JsonException) { return Error(StatusCodes.Status400BadRequest, "send {\"password\": \"...\"} as JSON"); }
        var password = login?.Password;
        if (string.IsNullOrEmpty(password) || !ConsolePassword.Verify(password, settings.PasswordHash!))
        {
            sessions.LoginFailed();
            return Error(StatusCodes.Status401Unauthorized, "wrong password");
        }
        if (context.Items[ConsoleGate.SessionItem] is ConsoleSession old) sessions.End(old.Token);
        var session = sessions.Create();
        SetCookie(context, session);
        return Json(new SessionInfo(true, true, session.Csrf));
    }

    private IResult Logout(HttpContext context)
    {
        if (context.Items[ConsoleGate.SessionItem] is ConsoleSession session) sessions.End(session.Token);
        context.Response.Cookies.Delete(ConsoleSessions.Cookie);
        return Results.NoContent();
    }

    private static void SetCookie(HttpContext context, ConsoleSession session) =>
        context.Response.Cookies.Append(ConsoleSessions.Cookie, session.Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = ConsoleSessions.Lifetime,
        });

    // ---- cameras ----

    private IResult Cameras()
    {
        var cameras = view.Feeds.Select(feed =>
        {
            var name = feed.Source.Camera;
            var latest = view.Live.Latest(name);
            var frame = latest is null ? null : new LiveFrameInfo(latest.Frame.Index, latest.Frame.Time, latest.Frame.Width, latest.Frame.Height,
                $"/api/cameras/{Uri.EscapeDataString(name)}/frame.jpg?i={latest.Frame.Index.ToString(CultureInfo.InvariantCulture)}",
                [.. latest.Faces.Select(f => new LiveFaceInfo(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height, f.Person, f.Similarity is { } s ? Math.Round(s, 1) : null, f.Unusable))]);
            return new CameraInfo(name, State(feed.State), feed.LastError, Math.Round(view.Live.AnalysedPerSecond(name), 1), feed.FramesRead, feed.FramesDropped, feed.Restarts, frame);
        }).ToList();
        return Json(cameras);
    }

    private static string State(FeedState state) => state switch
    {
        FeedState.Starting => "starting",
        FeedState.Running => "running",
        FeedState.Restarting => "restarting",
        FeedState.Ended => "ended",
        _ => "failed",
    };

    private IResult CameraFrame(string camera)
    {
        var latest = view.Live.Latest(camera);
        return latest is null ? Error(StatusCodes.Status404NotFound, $"no analysed frame from camera '{camera}' yet") : Results.Bytes(_images.Frame(latest.Frame), "image/jpeg");
    }

    // ---- events ----

    private IResult Events(HttpContext context)
    {
        if (view.Store is not { } store) return NotStarted();
        var q = context.Request.Query;
        // Plain locals rather than pattern variables in these conditions, so that Stryker can compile their mutants (CS0165).
        var limit = DefaultPageSize;
        var limitText = q["limit"].FirstOrDefault();
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxPageSize))
            return Error(StatusCodes.Status400BadRequest, $"limit must be a number from 1 to {MaxPageSize}");
        long? before = null;
        var beforeText = q["before"].FirstOrDefault();
        if (!string.IsNullOrEmpty(beforeText))
        {
            var id = 0L;
            if (!long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out id)) return Error(StatusCodes.Status400BadRequest, "before must be an event id");
            before = id;
        }
        static string? Filter(string? value) => string.IsNullOrEmpty(value) ? null : value;
        var @event = Filter(q["event"].FirstOrDefault());
        if (@event is not null && !AlertEvents.All.Contains(@event)) return Error(StatusCodes.Status400BadRequest, $"event must be one of {string.Join(", ", AlertEvents.All)}");
        // One more than a page tells whether there is a next page without counting.
        var alerts = store.Alerts(limit + 1, before, Filter(q["camera"].FirstOrDefault()), @event, Filter(q["person"].FirstOrDefault()));
        var page = alerts.Take(limit).Select(EventOf).ToList();
        return Json(new EventPage(page, alerts.Count > limit ? page[^1].Id : null));
    }

    private static EventInfo EventOf(StoredAlert a)
    {
        double? similarity = null;
        try { similarity = JsonSerializer.Deserialize(a.Document, AlertsJsonContext.Default.AlertDocument)?.Similarity; }
        catch (JsonException) { }
        var snapshot = a.SnapshotPath is null ? null : $"/api/events/{a.Id.ToString(CultureInfo.InvariantCulture)}/snapshot.jpg";
        return new EventInfo(a.Id, a.Camera, a.Event, a.Person, similarity is { } s ? Math.Round(s, 1) : null, a.Time, a.Text, snapshot, snapshot is null ? null : snapshot + "?size=thumb");
    }

    private IResult Facets()
    {
        if (view.Store is not { } store) return NotStarted();
        var (cameras, events, people) = store.AlertFacets();
        return Json(new EventFacets(cameras, [.. AlertEvents.All.Union(events)], people));
    }

    private async Task<IResult> Snapshot(long id, HttpContext context)
    {
        if (view.Store is not { } store) return NotStarted();
        if (store.Alert(id) is not { SnapshotPath: { } path })
            return Error(StatusCodes.Status404NotFound, $"event {id.ToString(CultureInfo.InvariantCulture)} has no snapshot");
        // Only what lies in the snapshot folder is served, whatever the database says.
        if (!ConsoleNames.IsPlainFileUnder(view.SnapshotFolder, path))
            return Error(StatusCodes.Status404NotFound, "the snapshot is gone (snapshots are kept for a limited time)");
        return await ImageAsync(path, context.Request.Query["size"] == "thumb", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<IResult> ImageAsync(string path, bool thumbnail, CancellationToken ct)
    {
        byte[] bytes;
        try { bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return Error(StatusCodes.Status404NotFound, "the file is gone"); }
        var verdict = PhotoCheck.Inspect(bytes);
        if (verdict.Format is null) return Error(StatusCodes.Status415UnsupportedMediaType, "not a JPEG or PNG image");
        if (thumbnail && ConsoleImages.Thumbnail(bytes) is { } thumb) bytes = thumb;
        else if (thumbnail) return Error(StatusCodes.Status415UnsupportedMediaType, "the image cannot be decoded");
        var type = thumbnail || verdict.Format == PhotoFormat.Jpeg ? "image/jpeg" : "image/png";
        return Results.Bytes(bytes, type);
    }

    // ---- faces ----

    private IResult Faces()
    {
        if (view.Store is not { } store || view.Faces is not { } faces) return NotStarted();
        var people = store.Photos().GroupBy(p => p.Person, StringComparer.Ordinal)
            .Select(g => new PersonInfo(g.Key, [.. g.Select(PhotoOf)])).ToList();
        // A person's folder with no photo yet is shown too, so an upload has somewhere to land.
        if (Directory.Exists(faces.Folder))
        {
            foreach (var dir in Directory.EnumerateDirectories(faces.Folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal))
                if (!dir.StartsWith('.') && people.All(p => p.Name != dir)) people.Add(new PersonInfo(dir, []));
        }
        return Json(new FacesInfo(faces.Folder, [.. people.OrderBy(p => p.Name, StringComparer.Ordinal)]));
    }

    private static PhotoInfo PhotoOf(PhotoStatus p)
    {
        var url = $"/api/faces/{Uri.EscapeDataString(p.Person)}/{Uri.EscapeDataString(p.Photo)}";
        return new PhotoInfo(p.Photo, p.Rejection is null, p.Rejection, p.Detail, p.Rejection is null ? null : FacesFolder.Advice(p.Rejection), url, url + "?size=thumb");
    }

    private IResult Check()
    {
        if (view.Store is not { } store || view.Faces is not { } faces) return NotStarted();
        var report = FacesCheck.From(store.Photos(), faces.Gallery, (float)view.Threshold);
        var people = report.People.Select(p => new CalibrationInfo(
            p.Person, p.Photos,
            p.Photos > 1 ? Math.Round(p.Spread, 3) : null,
            p.Photos > 1 ? Math.Round(FaceEngine.FaceDistance.ToSimilarity(p.Spread), 1) : null,
            p.Nearest is { } n ? new NearestInfo(n.Person, n.Photo, n.OwnPhoto, Math.Round(n.Distance, 3), Math.Round(FaceEngine.FaceDistance.ToSimilarity(n.Distance), 1)) : null,
            Math.Round(p.Margin, 3),
            p.PhotosAgree(report.MatchDistance) && p.StandsApart(report.MatchDistance),
            report.Verdict(p))).ToList();
        return Json(new CheckInfo(report.Threshold, Math.Round(report.MatchDistance, 3), report.AllGood, [.. report.Rejected.Select(PhotoOf)], people));
    }

    private async Task<IResult> Photo(string person, string photo, HttpContext context)
    {
        if (view.Faces is not { } faces) return NotStarted();
        var (path, problem) = ConsoleNames.PhotoPath(faces.Folder, person, photo);
        if (path is null) return Error(StatusCodes.Status400BadRequest, problem!);
        if (!ConsoleNames.IsPlainFileUnder(faces.Folder, path)) return Error(StatusCodes.Status404NotFound, $"no photo {person}/{photo}");
        return await ImageAsync(path, context.Request.Query["size"] == "thumb", context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<IResult> UploadAsync(string person, HttpContext context)
    {
        if (view.Faces is not { } faces) return NotStarted();
        var request = context.Request;
        if (ConsoleNames.PersonPath(faces.Folder, person) is (null, var personProblem)) return Error(StatusCodes.Status400BadRequest, personProblem!);
        var tooLarge = $"the photo is larger than the limit of {BucketLayout.MaxPhotoBytes / (1024 * 1024)} MB: make it smaller";
        if (request.ContentLength > ConsoleServer.MaxRequestBytes) return Error(StatusCodes.Status413PayloadTooLarge, tooLarge);
        if (!request.HasFormContentType) return Error(StatusCodes.Status400BadRequest, "send the photo as multipart/form-data, field 'photo'");
        IFormCollection form;
        try { form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false); }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge) { return Error(StatusCodes.Status413PayloadTooLarge, tooLarge); }
        catch (InvalidDataException ex) { return Error(StatusCodes.Status400BadRequest, $"the upload is not valid multipart/form-data ({ex.Message})"); }
        catch (IOException) { return Error(StatusCodes.Status400BadRequest, "the upload is not valid multipart/form-data (it ends before its closing boundary)"); }
        if (form.Files.Count != 1) return Error(StatusCodes.Status400BadRequest, "send exactly one photo per request (field 'photo')");
        var file = form.Files[0];
        var (path, problem) = ConsoleNames.PhotoPath(faces.Folder, person, file.FileName);
        if (path is null) return Error(StatusCodes.Status400BadRequest, problem!);
        if (PhotoCheck.CheckSize(file.Length) is not null) return Error(StatusCodes.Status413PayloadTooLarge, tooLarge);
        byte[] bytes;
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await file.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }
        var verdict = PhotoCheck.Inspect(bytes);
        if (verdict.Rejection == PhotoRejection.NotAnImage)
            return Error(StatusCodes.Status415UnsupportedMediaType, $"{file.FileName} is not a JPEG or PNG photo ({verdict.Detail})");
        if (verdict.Rejection is { } rejection)
            return Error(StatusCodes.Status400BadRequest, $"{file.FileName}: {rejection.Code} ({verdict.Detail}). {rejection.Advice}");

        // Written beside its final name under a hidden name (the folder's scan skips those), then renamed: a scan never sees half a photo.
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, $".upload-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(partial, bytes, context.RequestAborted).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
        var statuses = await faces.ScanAsync(context.RequestAborted).ConfigureAwait(false);
        var status = statuses.FirstOrDefault(s => s.Person == person && s.Photo == file.FileName);
        if (status is null) return Error(StatusCodes.Status500InternalServerError, "the photo was saved but the faces folder's scan did not list it");
        return Json(new UploadResult(person, PhotoOf(status)), StatusCodes.Status201Created);
    }

    private async Task<IResult> DeletePhotoAsync(string person, string photo, HttpContext context)
    {
        if (view.Faces is not { } faces) return NotStarted();
        var (path, problem) = ConsoleNames.PhotoPath(faces.Folder, person, photo);
        if (path is null) return Error(StatusCodes.Status400BadRequest, problem!);
        if (!File.Exists(path)) return Error(StatusCodes.Status404NotFound, $"no photo {person}/{photo}");
        File.Delete(path);
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        await faces.ScanAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    private async Task<IResult> DeletePersonAsync(string person, HttpContext context)
    {
        if (view.Faces is not { } faces) return NotStarted();
        var (path, problem) = ConsoleNames.PersonPath(faces.Folder, person);
        if (path is null) return Error(StatusCodes.Status400BadRequest, problem!);
        if (!Directory.Exists(path)) return Error(StatusCodes.Status404NotFound, $"no person {person}");
        Directory.Delete(path, recursive: true);
        await faces.ScanAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }
}
