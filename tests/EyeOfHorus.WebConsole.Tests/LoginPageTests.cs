using OpenQA.Selenium;

namespace EyeOfHorus.WebConsole.Tests;

/// <summary>The login page in Chromium when the console listens beyond loopback with a password.</summary>
public sealed class LoginPageTests
{
    [Fact]
    public async Task A_wrong_password_is_named_and_the_right_one_opens_the_page_asked_for()
    {
        await using var host = await ConsoleHost.StartAsync("0.0.0.0:0", "correct horse battery");
        using var browser = Browser.Start();
        browser.Open(new Uri(host.Server.Address, "/faces"));
        browser.Wait("the login page", d => d.Url.Contains("/login?next=%2Ffaces", StringComparison.Ordinal) ? d.Url : null);
        var password = browser.WaitFor("#password");
        password.SendKeys("guess");
        browser.WebDriver.FindElement(By.CssSelector("#login button")).Click();
        Assert.Equal("wrong password", browser.WaitFor("#result .message.error").Text);
        browser.Screenshot("login-desktop");
        password.Clear();
        password.SendKeys("correct horse battery");
        browser.WebDriver.FindElement(By.CssSelector("#login button")).Click();
        browser.WaitFor("#people");
        Assert.EndsWith("/faces", browser.WebDriver.Url, StringComparison.Ordinal);
        Assert.True(browser.WebDriver.Manage().Cookies.GetCookieNamed(ConsoleSessions.Cookie)!.IsHttpOnly);
        Assert.DoesNotContain(ConsoleSessions.Cookie, (string)browser.WebDriver.ExecuteScript("return document.cookie;")!, StringComparison.Ordinal);
    }
}
