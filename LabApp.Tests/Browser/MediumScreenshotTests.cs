using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

/// <summary>Medium Tasks 1 and 3 at the classroom's screen sizes, their results and the notebook's printout on screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MediumScreenshotTests(BrowserFixture lab)
{
    [Theory]
    [InlineData("/medium/custom-labels", "table:has(th:text-is('1st label')) tbody tr", 1280, 720)]
    [InlineData("/medium/custom-labels", "table:has(th:text-is('1st label')) tbody tr", 1920, 1080)]
    [InlineData("/medium/confidence", "text=The same on the real test split", 1280, 720)]
    [InlineData("/medium/confidence", "text=The same on the real test split", 1920, 1080)]
    public async Task The_page_is_screenshotted_at_the_classrooms_screen_sizes(string route, string result, int width, int height)
    {
        await using var student = await lab.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await lab.OpenAsync(student, route);
        await Lab.ExpectResultAsync(page.Locator(result));
        await Expect(page.Locator(".figure-chart").First.Locator("g.xtick text").First).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });
        // Unfolded, so the screenshot shows the notebook's printout as the page sets it.
        await page.GetByText("As the notebook prints it").ClickAsync();
        await Expect(page.Locator(".notebook-printout pre")).ToContainTextAsync("================");
        // From the top: a full-page shot of a scrolled page draws the fixed app bar where the view was.
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, $"{Lab.ScreenshotName(route)}-{width}x{height}");
    }
}
