using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EyeOfHorus.Local.Live;
using EyeOfHorus.Local.State;
using EyeOfHorus.Recognition.Alerts;
using EyeOfHorus.WebConsole;
using Microsoft.Data.Sqlite;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using SkiaSharp;

namespace EyeOfHorus.Benchmarks.Web;

/// <summary>
/// <c>console-events [N]</c>: the web console's events API over a state database holding N alerts
/// (default 100,000), through the real server (Kestrel on loopback, HttpClient with the session
/// cookie, the JSON the page reads): the first page, the facets the page loads with it, each filter,
/// a rare and an absent person, a page deep in the timeline. Each call is timed 30 times after 5
/// warm-up calls; median, p95 and max in milliseconds. The database is seeded in one transaction
/// with the store's own schema (the store opens it first), 3 cameras, 70 % known / 30 % unknown,
/// 8 regular people and one rare visitor (20 alerts). Then the events page itself in Debian's
/// headless Chromium, when installed: navigation to its rows and visible thumbnails shown.
/// </summary>
internal static class ConsoleEvents
{
    private const int Runs = 30, WarmUp = 5;
    private static readonly string[] Cameras = ["front-door", "garage", "back-yard"];
    private static readonly string[] People = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
    private const string Rare = "visitor";

    public static async Task<int> RunAsync(int count)
    {
        if (count < 1000) throw new ArgumentOutOfRangeException(nameof(count), "at least 1000 alerts");
        var root = Directory.CreateTempSubdirectory("horus-console-bench-").FullName;
        try
        {
            var dbPath = Path.Combine(root, "state", "state.db");
            using var store = new LocalStore(dbPath);
            var snapshots = Directory.CreateDirectory(Path.Combine(root, "state", "snapshots")).FullName;
            var snapshot = Path.Combine(snapshots, "frame.jpg");
            File.WriteAllBytes(snapshot, Jpeg(640, 480));
            var seed = Stopwatch.StartNew();
            Seed(dbPath, count, snapshot);
            Console.WriteLine($"seeded {count:N0} alerts in {seed.Elapsed.TotalSeconds:0.0} s; database {new FileInfo(dbPath).Length / 1e6:0.0} MB (+ WAL {WalSize(dbPath) / 1e6:0.0} MB)");

            var view = new RunView(() => store, () => null, () => [], new LiveFrames(), snapshots, 90);
            await using var server = await ConsoleServer.StartAsync(new ConsoleSettings(IPEndPoint.Parse("127.0.0.1:0"), null), view);
            var cookies = new CookieContainer();
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = server.Address };
            (await client.GetAsync(new Uri("/api/session", UriKind.Relative))).EnsureSuccessStatusCode();

            var middle = count / 2;
            var cases = new (string Name, string Url)[]
            {
                ("first page (50)", "/api/events"),
                ("facets (the page's filters)", "/api/events/facets"),
                ("camera=garage", "/api/events?camera=garage"),
                ("event=unknown_face", "/api/events?event=unknown_face"),
                ("person=alice", "/api/events?person=alice"),
                ("camera=garage&event=unknown_face", "/api/events?camera=garage&event=unknown_face"),
                ($"person={Rare} (20 alerts)", $"/api/events?person={Rare}"),
                ("person=nobody (no alert)", "/api/events?person=nobody"),
                ($"page at before={middle}", $"/api/events?before={middle}"),
                ($"event=unknown_face&before={middle}", $"/api/events?event=unknown_face&before={middle}"),
            };
            Console.WriteLine($"{count:N0} alerts; each call {Runs} times after {WarmUp} warm-up calls (ms)");
            Console.WriteLine($"{"call",-42} {"median",8} {"p95",8} {"max",8}  answer");
            foreach (var (name, url) in cases)
            {
                var times = new List<double>();
                string? answer = null;
                for (var i = 0; i < WarmUp + Runs; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                    var body = await response.Content.ReadAsStringAsync();
                    clock.Stop();
                    if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {body}");
                    if (i >= WarmUp) times.Add(clock.Elapsed.TotalMilliseconds);
                    answer ??= Describe(body);
                }
                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-42} {times[times.Count / 2],8:0.00} {times[(int)Math.Ceiling(0.95 * times.Count) - 1],8:0.00} {times[^1],8:0.00}  {answer}"));
            }
            if (File.Exists(Chromium) && File.Exists(Driver)) PageInChromium(server.Address);
            else Console.WriteLine($"page in Chromium: skipped ({Chromium} or {Driver} not installed: apt-get install chromium chromium-driver)");
            foreach (var (name, before, camera, @event, person) in QueryPlans())
                Console.WriteLine($"plan {name}: {store.AlertsPlan(before, camera, @event, person)}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static string Describe(string body)
    {
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.TryGetProperty("next", out var next))
            return $"{doc.RootElement.GetProperty("events").GetArrayLength()} events, next={(next.ValueKind == JsonValueKind.Null ? "none" : next.ToString())}";
        return $"{doc.RootElement.GetProperty("people").GetArrayLength()} people, {doc.RootElement.GetProperty("cameras").GetArrayLength()} cameras";
    }

    private const string Chromium = "/usr/bin/chromium", Driver = "/usr/bin/chromedriver";

    // The events page as a user opens it: from navigation to 50 rows shown with their visible
    // thumbnails loaded (the page's own fetches of the facets, the events and each thumbnail).
    private static void PageInChromium(Uri console)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900");
        using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        const int PageRuns = 10;
        Console.WriteLine($"the events page in headless Chromium, {PageRuns} loads after 2 warm-up loads (ms, navigation to the rows and their visible thumbnails shown)");
        foreach (var (name, path, rows) in new[] { ("/events (first page)", "/events", 50), ($"/events?person={Rare}", $"/events?person={Rare}", 20), ("/events?camera=garage&event=unknown_face", "/events?camera=garage&event=unknown_face", 50) })
        {
            var times = new List<double>();
            for (var i = 0; i < PageRuns + 2; i++)
            {
                driver.Navigate().GoToUrl("about:blank");
                var clock = Stopwatch.StartNew();
                driver.Navigate().GoToUrl(new Uri(console, path));
                var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(30)) { PollingInterval = TimeSpan.FromMilliseconds(5) };
                wait.Until(d => (bool)((IJavaScriptExecutor)d).ExecuteScript("""
                    const rows = document.querySelectorAll("li.event");
                    if (rows.length < arguments[0]) return false;
                    const inView = [...document.querySelectorAll("li.event .thumb img")].filter(i => i.getBoundingClientRect().top < innerHeight);
                    return inView.length > 0 && inView.every(i => i.complete && i.naturalWidth > 0);
                    """, rows)!);
                clock.Stop();
                if (i >= 2) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42} {times[times.Count / 2],8:0.0} {times[(int)Math.Ceiling(0.95 * times.Count) - 1],8:0.0} {times[^1],8:0.0}  {rows} rows"));
        }
        driver.Quit();
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(40, 60, 90));
            using var paint = new SKPaint { Color = new SKColor(200, 170, 120) };
            canvas.DrawCircle(width / 2f, height / 2.5f, height / 6f, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    private static void Seed(string dbPath, int count, string snapshotPath)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString());
        db.Open();
        using var tx = db.BeginTransaction();
        using var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO alerts(camera, event, person, time_ms, text, document, snapshot) VALUES($c,$e,$p,$t,$x,$d,$s)";
        var c = insert.Parameters.Add("$c", SqliteType.Text);
        var e = insert.Parameters.Add("$e", SqliteType.Text);
        var p = insert.Parameters.Add("$p", SqliteType.Text);
        var t = insert.Parameters.Add("$t", SqliteType.Integer);
        var x = insert.Parameters.Add("$x", SqliteType.Text);
        var d = insert.Parameters.Add("$d", SqliteType.Text);
        var s = insert.Parameters.Add("$s", SqliteType.Text);
        var random = new Random(16);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rareEvery = count / 20;
        for (var i = 0; i < count; i++)
        {
            var time = start.AddSeconds(30.0 * i);
            var camera = Cameras[random.Next(Cameras.Length)];
            string? person = i % rareEvery == rareEvery / 2 ? Rare : random.NextDouble() < 0.7 ? People[random.Next(People.Length)] : null;
            var @event = person is null ? "unknown_face" : "person_recognised";
            double? similarity = person is null ? null : Math.Round(90 + (random.NextDouble() * 9), 1);
            var snapshot = snapshotPath; // one file for all: the server reads and scales it per thumbnail as it would each alert's own
            var stamp = time.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            c.Value = camera;
            e.Value = @event;
            p.Value = (object?)person ?? DBNull.Value;
            t.Value = time.ToUnixTimeMilliseconds();
            x.Value = person is null ? $"{stamp}  {camera}  {@event}  unknown face  {snapshot}" : string.Create(CultureInfo.InvariantCulture, $"{stamp}  {camera}  {@event}  {person}  {similarity:0.0}%  {snapshot}");
            d.Value = JsonSerializer.Serialize(new AlertDocument(@event, camera, person, time.ToString("O", CultureInfo.InvariantCulture), similarity, 82.4, person is null ? null : $"{person}:portrait.jpg", "file://" + snapshot), AlertsJsonContext.Default.AlertDocument);
            s.Value = snapshot;
            insert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    private static long WalSize(string dbPath) => File.Exists(dbPath + "-wal") ? new FileInfo(dbPath + "-wal").Length : 0;

    private static IEnumerable<(string Name, long? Before, string? Camera, string? Event, string? Person)> QueryPlans() =>
    [
        ("first page", null, null, null, null),
        ($"person={Rare}", null, null, null, Rare),
        ("camera+event", null, "garage", "unknown_face", null),
        ("before", 50_000, null, null, null),
    ];
}
