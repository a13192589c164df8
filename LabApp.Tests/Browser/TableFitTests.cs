using Microsoft.Playwright;

namespace LabApp.Tests.Browser;

/// <summary>
/// The tables a student reads beside another half of the page fit it on a 1280×720 laptop: no column is cut off or
/// scrolled out of sight.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TableFitTests(BrowserFixture lab)
{
    [Theory]
    [InlineData("/supervised?train=500&test=200", ".prediction-table")]
    [InlineData("/medium/confidence", ".threshold-log")]
    public async Task Every_column_fits_at_1280_by_720(string route, string table)
    {
        var student = await lab.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 720 } });
        try
        {
            var page = await lab.OpenAsync(student, route);
            await Lab.ExpectResultAsync(page.Locator($"{table} tbody tr"));

            var overflows = await page.Locator($"{table} .mud-table-container").EvaluateAllAsync<int[]>("tables => tables.map(t => t.scrollWidth - t.clientWidth)");

            Assert.NotEmpty(overflows);
            Assert.All(overflows, overflow => Assert.Equal(0, overflow));
            await BrowserFixture.ScreenshotAsync(page, $"{Lab.ScreenshotName(route.Split('?')[0])}-tables-1280x720");
        }
        finally
        {
            await student.CloseAsync();
        }
    }
}
