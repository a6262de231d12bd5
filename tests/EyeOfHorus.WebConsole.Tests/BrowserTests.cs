using System.Globalization;
using System.Net;
using EyeOfHorus.Local;
using EyeOfHorus.Local.Alerts;
using EyeOfHorus.Local.Frames;
using EyeOfHorus.Local.Tracking;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>
/// The console in a real headless Chromium over a real <c>horus run</c> (LocalRunner with the real
/// engine) playing the demo's clip in a loop: a test pattern, another photo of obama (authorised), a
/// ball, a stranger (biden2), again and again. Each page is captured at desktop and phone width
/// (<see cref="Browser.ScreenshotFolder"/>).
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    private static readonly ClipPart[] Loop = [new(1), new(3, "obama2.jpg"), new(1, Pattern: "ball"), new(3, "biden2.jpg"), new(1)];

    [Fact]
    public async Task The_demo_clip_shows_live_boxes_and_names_the_timeline_and_a_photo_upload_that_authorises_and_a_removal_that_de_authorises()
    {
        var root = Directory.CreateTempSubdirectory("horus-console-browser-").FullName;
        try
        {
            var clip = Path.Combine(root, "clip.mkv");
            await Clip.BuildAsync(clip, [.. Loop, .. Loop, .. Loop]);
            var obama = Directory.CreateDirectory(Path.Combine(root, "faces", "obama")).FullName;
            File.Copy(RealEngine.Photo("obama.jpg"), Path.Combine(obama, "portrait.jpg"));
            // Not finite: the clip starts again when it ends, so the camera keeps showing visits. A one-second cooldown: every visit alerts.
            var plan = new RunPlan(
                [new RunCamera(new CameraSource("front-door", Clip.SourceTokens(clip), Finite: false), LocalAlertSettings.Default with { Cooldown = TimeSpan.FromSeconds(1) }, TrackRules.Default)],
                Path.Combine(root, "faces"), Path.Combine(root, "state"));
            var log = new StringWriter();
            var runner = new LocalRunner(plan, RealEngine.Engine, TextWriter.Null, TextWriter.Synchronized(log));
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            await using var server = await ConsoleServer.StartAsync(new ConsoleSettings(IPEndPoint.Parse("127.0.0.1:0"), null), RunView.Of(runner, plan));
            var running = runner.RunAsync(stop.Token);
            await runner.Started.Task;
            try
            {
                using var browser = Browser.Start();
                Live(browser, server.Address);
                Events(browser, server.Address);
                AuthoriseAndDeauthorise(browser, server.Address, runner);
            }
            catch (Exception ex) when (ex is TimeoutException or WebDriverException)
            {
                var alerts = string.Join("\n", runner.Store!.Alerts(100).Select(a => $"{a.Id} {a.Text}"));
                throw new TimeoutException($"{ex.Message}\nhorus run's log:\n{log}\nalerts, newest first:\n{alerts}", ex);
            }
            finally
            {
                await stop.CancelAsync();
                await running;
            }
            output.WriteLine($"screenshots: {Browser.ScreenshotFolder}");
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static void Live(Browser browser, Uri console)
    {
        // The boxes are redrawn with every frame: each wait reads its element's text at once.
        static string? Text(IWebDriver d, string css) => d.FindElements(By.CssSelector(css)).FirstOrDefault()?.Text;
        foreach (var (size, name) in new[] { (Browser.Desktop, "live-desktop"), (Browser.Phone, "live-phone") })
        {
            browser.Resize(size);
            browser.Open(new Uri(console, "/live"));
            var label = browser.Wait("a green box named obama", d => Text(d, ".camera[data-camera='front-door'] .box.known[data-person='obama'] .label"));
            Assert.Matches(@"^obama \d+\.\d%$", label);
            browser.Screenshot(name);
            Assert.Contains("running", browser.WebDriver.FindElement(By.CssSelector(".camera .badge")).Text, StringComparison.Ordinal);
            Assert.Matches(@"^\d+\.\d fps", browser.WebDriver.FindElement(By.CssSelector(".camera .stats")).Text);
        }
        // The stranger gets a box too, named unknown.
        Assert.Equal("unknown", browser.Wait("a box labelled unknown", d => Text(d, ".box.unknown .label")));
    }

    private static void Events(Browser browser, Uri console)
    {
        browser.Resize(Browser.Desktop);
        browser.Open(new Uri(console, "/events"));
        var row = browser.WaitFor("li.event[data-event='person_recognised'][data-person='obama']");
        Assert.Matches(@"^obama \d+\.\d%$", row.FindElement(By.CssSelector(".what")).Text);
        var thumb = row.FindElement(By.CssSelector(".thumb img"));
        browser.Wait("the snapshot thumbnail", _ => browser.ImageLoaded(thumb) ? thumb : null);
        Assert.Equal(ConsoleImages.ThumbnailWidth, browser.NaturalWidth(thumb));

        row.FindElement(By.CssSelector("button.thumb")).Click();
        var big = browser.WaitFor("dialog#snapshot[open] img");
        browser.Wait("the full snapshot", _ => browser.ImageLoaded(big) ? big : null);
        Assert.Equal(640, browser.NaturalWidth(big));
        browser.Screenshot("events-snapshot-desktop");
        browser.WebDriver.FindElement(By.CssSelector("dialog#snapshot button")).Click();

        browser.Resize(Browser.Phone);
        browser.Open(new Uri(console, "/events?event=person_recognised"));
        browser.WaitFor("li.event .thumb img");
        Assert.All(browser.WebDriver.FindElements(By.CssSelector("li.event")), e => Assert.Equal("person_recognised", e.GetDomAttribute("data-event")));
    }

    private static void AuthoriseAndDeauthorise(Browser browser, Uri console, LocalRunner runner)
    {
        browser.Resize(Browser.Desktop);
        browser.Open(new Uri(console, "/faces"));
        browser.WaitFor("section.person[data-person='obama'] .badge.authorised");
        browser.WebDriver.FindElement(By.Id("new-person")).SendKeys("biden");
        browser.WebDriver.FindElement(By.Id("new-photos")).SendKeys(RealEngine.Photo("biden2.jpg")); // the photo the clip shows: its frames match it well above the threshold
        var status = browser.WaitFor("#status .message");
        Assert.Equal("biden/biden2.jpg: authorised", status.Text);
        browser.WaitFor("section.person[data-person='biden'] .photo[data-photo='biden2.jpg'] .badge.authorised");
        Assert.True(File.Exists(Path.Combine(runner.Faces!.Folder, "biden", "biden2.jpg")));
        browser.WaitFor("#calibration tr[data-person='biden']");
        browser.Screenshot("faces-desktop");
        browser.Resize(Browser.Phone);
        browser.Screenshot("faces-phone");

        // The next visit of the stranger's face alerts as biden.
        browser.Resize(Browser.Desktop);
        browser.Open(new Uri(console, "/events?person=biden"));
        var known = browser.WaitFor("li.event[data-event='person_recognised'][data-person='biden']", TimeSpan.FromSeconds(90));
        Assert.Matches(@"^biden \d+\.\d%$", known.FindElement(By.CssSelector(".what")).Text);

        // Removing the photo de-authorises: the next visit is an unknown face again.
        browser.Open(new Uri(console, "/faces"));
        browser.WaitFor(".photo[data-photo='biden2.jpg'] button.danger").Click();
        browser.WebDriver.SwitchTo().Alert().Accept();
        Assert.Equal("biden/biden2.jpg removed", browser.WaitFor("#status .message.ok").Text);
        Assert.False(File.Exists(Path.Combine(runner.Faces!.Folder, "biden", "biden2.jpg")));
        var removedAt = runner.Store!.Alerts(1)[0].Id;
        browser.Open(new Uri(console, "/events?event=unknown_face"));
        browser.Wait("an unknown_face event after the removal",
            d => d.FindElements(By.CssSelector("li.event")).FirstOrDefault(e => long.Parse(e.GetDomAttribute("data-id")!, CultureInfo.InvariantCulture) > removedAt),
            TimeSpan.FromSeconds(90));
        Assert.DoesNotContain(runner.Store!.Alerts(100), a => a.Id > removedAt && a.Person == "biden");

        // The whole story in the timeline: obama, biden while authorised, unknown faces.
        foreach (var (size, name) in new[] { (Browser.Desktop, "events-desktop"), (Browser.Phone, "events-phone") })
        {
            browser.Resize(size);
            browser.Open(new Uri(console, "/events"));
            browser.WaitFor("li.event[data-person='biden'] .thumb img");
            var thumbs = browser.WebDriver.FindElements(By.CssSelector("li.event .thumb img"));
            browser.Wait("every visible thumbnail", _ => thumbs.Where(t => t.Displayed).All(browser.ImageLoaded) ? thumbs : null);
            browser.Screenshot(name);
        }
    }
}

