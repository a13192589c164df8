using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

/// <summary>What the browser tests share beyond the fixture.</summary>
internal static class Lab
{
    /// <summary>How long a computed result may take: see <see cref="TestPatience.RealSplits"/>.</summary>
    public static readonly float ResultTimeout = (float)TestPatience.RealSplits.TotalMilliseconds;

    /// <summary>
    /// Waits for a computed result. A page that shows an error alert instead fails at once, with the alert's text,
    /// rather than after the whole <see cref="ResultTimeout"/>.
    /// </summary>
    public static async Task ExpectResultAsync(ILocator result)
    {
        var error = result.Page.Locator(".mud-alert[class*='-error']");
        await Expect(result.First.Or(error.First)).ToBeVisibleAsync(new() { Timeout = ResultTimeout });
        if (await error.CountAsync() > 0)
            Assert.Fail($"The page shows an error instead of its result: {await error.First.InnerTextAsync()}");
    }

    /// <summary>Reloads <paramref name="page"/> as a student pressing F5 would: a new circuit, the same address and browser storage.</summary>
    public static async Task ReloadAsync(IPage page)
    {
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
    }

    /// <summary>A route as a file name: "/" is "root", "/medium/confidence" is "medium-confidence".</summary>
    public static string ScreenshotName(string route) =>
        route.Trim('/') is { Length: > 0 } path ? path.Replace('/', '-') : "root";
}
