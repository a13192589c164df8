using LabApp.Core.Storage;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class RunLogTests(BrowserFixture lab)
{
    // Labels no other test uses, so the logged run found below can only be this test's.
    private const string Negative = "a dull tiresome film";
    private const string Positive = "a moving brilliant film";

    [Fact]
    public async Task A_zero_shot_run_appears_in_the_log_and_in_its_csv_export()
    {
        var zeroShot = await lab.OpenAsync($"/zero-shot?label={Uri.EscapeDataString(Negative)}&label={Uri.EscapeDataString(Positive)}");
        try
        {
            await Lab.ExpectResultAsync(zeroShot.Locator(".report-table tr:has(td:text-is('macro avg'))"));
        }
        finally
        {
            await zeroShot.CloseAsync();
        }

        var log = await lab.OpenAsync("/log");
        try
        {
            var row = log.Locator(".run-log tbody tr").Filter(new() { HasTextString = Positive });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator("td[data-label=page]")).ToHaveTextAsync("zero-shot");
            await Expect(row.Locator("td[data-label=\"test reviews\"]")).ToHaveTextAsync("1066");

            var download = await log.RunAndWaitForDownloadAsync(() => log.Locator(".export-csv").ClickAsync());
            Assert.Equal("lab-runs.csv", download.SuggestedFilename);
            var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("id,time,page,method,model,parameters,accuracy,macro_f1,weighted_f1,test_reviews,seconds", lines[0]);
            var logged = Assert.Single(lines, l => l.Contains(Negative, StringComparison.Ordinal) && l.Contains(Positive, StringComparison.Ordinal));
            Assert.Contains(",zero-shot,", logged, StringComparison.Ordinal);
        }
        finally
        {
            await log.CloseAsync();
        }
    }
}
