using System.Diagnostics;
using EyeOfHorus.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>
/// Debian's headless chromium driven through its chromium-driver (both from apt; .ci/run installs
/// them). Screenshots go to <see cref="ScreenshotFolder"/>: TestResults/console-screenshots/ at the
/// repository root, PAGE-desktop.png (1280 px wide) and PAGE-phone.png (390 px).
/// </summary>
internal sealed class Browser : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";
    public static readonly (int Width, int Height) Desktop = (1280, 900), Phone = (390, 844);
    public static string ScreenshotFolder { get; } = Path.Combine(RepoPaths.Root, "TestResults", "console-screenshots");

    private Browser(ChromeDriver driver) => WebDriver = driver;

    public ChromeDriver WebDriver { get; }

    public static Browser Start()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions",
            $"--window-size={Desktop.Width},{Desktop.Height}", "--force-device-scale-factor=1", "--lang=en-GB");
        return new Browser(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
    }

    public void Open(Uri url) => WebDriver.Navigate().GoToUrl(url);

    /// <summary>Waits until <paramref name="find"/> returns something; the failure names what was awaited and shows the page's text.</summary>
    public T Wait<T>(string what, Func<IWebDriver, T?> find, TimeSpan? timeout = null) where T : class
    {
        var wait = new WebDriverWait(WebDriver, timeout ?? TimeSpan.FromSeconds(60)) { PollingInterval = TimeSpan.FromMilliseconds(100) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try { return wait.Until(d => find(d))!; }
        catch (WebDriverTimeoutException)
        {
            throw new TimeoutException($"waited for {what} on {WebDriver.Url}; the page says:\n{WebDriver.FindElement(By.TagName("body")).Text}");
        }
    }

    public IWebElement WaitFor(string css, TimeSpan? timeout = null) => Wait(css, d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed), timeout);

    public bool ImageLoaded(IWebElement img) => (bool)WebDriver.ExecuteScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", img)!;

    public long NaturalWidth(IWebElement img) => (long)WebDriver.ExecuteScript("return arguments[0].naturalWidth;", img)!;

    public void Resize((int Width, int Height) size)
    {
        WebDriver.Manage().Window.Size = new System.Drawing.Size(size.Width, size.Height);
    }

    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        WebDriver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        WebDriver.Quit();
        WebDriver.Dispose();
    }
}

/// <summary>One segment of a test clip: a photo (letterboxed to 640x480) or a test pattern without a face.</summary>
internal sealed record ClipPart(double Seconds, string? Photo = null, string Pattern = "smpte");

/// <summary>Builds a 640x480 20 fps H.264 Matroska clip from photos and test patterns with Debian's GStreamer (as scripts/demo.sh does).</summary>
internal static class Clip
{
    public const int Fps = 20;

    public static async Task BuildAsync(string path, IReadOnlyList<ClipPart> parts)
    {
        var args = new List<string>(Tokens("-q concat name=c ! videoconvert ! x264enc threads=1 bframes=0 key-int-max=20 tune=zerolatency speed-preset=ultrafast ! video/x-h264,profile=baseline ! matroskamux ! filesink"))
        {
            $"location={path}",
        };
        const string Scale = "videoconvert ! videoscale ! video/x-raw,format=I420,width=640,height=480,pixel-aspect-ratio=1/1";
        foreach (var p in parts)
        {
            var frames = (int)Math.Round(p.Seconds * Fps);
            if (p.Photo is null) args.AddRange(Tokens($"videotestsrc num-buffers={frames} pattern={p.Pattern} ! {Scale},framerate={Fps}/1 ! c."));
            else
            {
                args.AddRange(["filesrc", $"location={RealEngine.Photo(p.Photo)}", "!", "jpegdec", "!"]);
                args.AddRange(Tokens($"{Scale} ! imagefreeze num-buffers={frames} ! video/x-raw,framerate={Fps}/1 ! c."));
            }
        }
        var start = new ProcessStartInfo("gst-launch-1.0") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"building the clip failed: {await stderr}");
    }

    public static IReadOnlyList<string> SourceTokens(string path) => ["filesrc", $"location={path}", "!", "decodebin", "!", "clocksync"];

    private static string[] Tokens(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
