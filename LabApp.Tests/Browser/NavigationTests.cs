namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class NavigationTests(BrowserFixture lab)
{
    [Fact]
    public async Task The_overview_shows_the_lab_and_its_navigation()
    {
        var page = await lab.OpenAsync("/");
        await page.GetByText("Text Classification Lab").First.WaitForAsync();
        Assert.True(await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Data", Exact = true }).IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(page, "overview");
    }
}
