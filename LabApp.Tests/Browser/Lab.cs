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
        await ConnectedAsync(page);
    }

    /// <summary>
    /// Waits until the page's circuit is connected: its layout drops the prerendered page's mark (MainLayout). Before,
    /// the page is HTML that takes no click, and a field filled then is rendered over once the circuit starts.
    /// </summary>
    public static Task ConnectedAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.querySelector('.mud-layout') !== null && document.querySelector('.lab-waking') === null");

    /// <summary>
    /// Makes <paramref name="edit"/> and waits until the server has written the page's work to the student's workbook
    /// after it: the page's saved mark counts the writes, so a reload or a restart that follows finds the edit.
    /// </summary>
    public static async Task SavedAsync(IPage page, Func<Task> edit)
    {
        var saves = await page.EvaluateAsync<int>("() => +(document.querySelector('.workbook-saved')?.dataset.saves ?? 0)");
        await edit();
        await page.WaitForFunctionAsync("n => +(document.querySelector('.workbook-saved')?.dataset.saves ?? 0) > n", saves,
            new() { Timeout = ResultTimeout });
    }

    /// <summary>A route as a file name: "/" is "root", "/medium/confidence" is "medium-confidence".</summary>
    public static string ScreenshotName(string route) =>
        route.Trim('/') is { Length: > 0 } path ? path.Replace('/', '-') : "root";

    /// <summary>The screen sizes the lab is looked at on: a laptop and a classroom projector or desktop.</summary>
    public static readonly (int Width, int Height)[] ScreenSizes = [(1280, 720), (1920, 1080)];

    /// <summary>
    /// Opens <paramref name="route"/> in <paramref name="student"/>'s browser at each of <see cref="ScreenSizes"/> and
    /// takes a full-page screenshot once <paramref name="ready"/> finds its result: the page laid out at that size from
    /// the start, as its charts are drawn for the width they open at. <paramref name="show"/>, when given, then brings the
    /// page to what the screenshot should show.
    /// </summary>
    public static async Task ScreenshotAtScreenSizesAsync(BrowserFixture lab, IBrowserContext student, string route, string ready, Func<IPage, Task>? show = null)
    {
        foreach (var (width, height) in ScreenSizes)
        {
            var page = await student.NewPageAsync();
            try
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync(new Uri(lab.Server.Address, route).AbsoluteUri);
                await ConnectedAsync(page);
                await ExpectResultAsync(page.Locator(ready));
                if (show is not null)
                    await show(page);
                await BrowserFixture.ScreenshotAsync(page, $"{ScreenshotName(route.Split('?')[0])}-{width}x{height}");
            }
            finally
            {
                await page.CloseAsync();
            }
        }
    }
}

