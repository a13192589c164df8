using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

/// <summary>When to trust a prediction, the learning curve over seeds and the paired comparison, in a real browser at the classroom's screen sizes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StatisticsViewsTests(BrowserFixture lab)
{
    [Fact]
    public async Task The_supervised_page_draws_both_risk_coverage_curves_and_the_temperature_moves_the_ECE()
    {
        var student = await lab.NewStudentAsync();
        try
        {
            var page = await lab.OpenAsync(student, "/supervised?train=1000&test=300");
            await Lab.ExpectResultAsync(page.Locator(".selective-table .aurc"));
            await Expect(page.Locator(".selective-table tbody tr")).ToHaveCountAsync(2);
            var panel = page.Locator(".reliability-panel");
            // Two classifiers and the target-risk level on the risk–coverage chart; the diagonal and one diagram on the reliability diagram.
            await Expect(panel.Locator(".figure-chart").Nth(0).Locator(".scatterlayer .trace")).ToHaveCountAsync(3);
            await Expect(panel.Locator(".figure-chart").Nth(1).Locator(".scatterlayer .trace")).ToHaveCountAsync(2);
            var before = await panel.Locator(".calibration-table .ece").InnerTextAsync();

            await panel.Locator(".temperature-toggle input").ClickAsync();

            await Expect(panel.Locator(".calibration-table .ece")).Not.ToHaveTextAsync(before);
            await Expect(panel.Locator(".calibration-table")).ToContainTextAsync("T = ");
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await page.CloseAsync();

            await Lab.ScreenshotAtScreenSizesAsync(lab, student, "/supervised?train=1000&test=300", ".selective-table .aurc", ChartsDrawn(".reliability-panel"));
            await Lab.ScreenshotAtScreenSizesAsync(lab, student, "/zero-shot", ".selective-table .aurc", ChartsDrawn(".reliability-panel"));
        }
        finally
        {
            await student.CloseAsync();
        }
    }

    [Fact]
    public async Task The_learning_curve_over_seeds_shades_the_band_under_the_books_seed_42_line()
    {
        var student = await lab.NewStudentAsync();
        try
        {
            await Lab.ScreenshotAtScreenSizesAsync(lab, student, "/medium/limited-data?seeds=42,0,1", ".results tbody tr", async page =>
            {
                await page.Locator("button.draw-band").ClickAsync();
                await Expect(page.Locator(".band-table tbody tr")).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
                await Expect(page.Locator(".band-table tbody tr:last-child td").Nth(5)).Not.ToHaveTextAsync("—", new() { Timeout = Lab.ResultTimeout });
                // The band's two edges, the mean and the seed-42 line.
                await Expect(page.Locator(".seed-band .figure-chart .scatterlayer .trace")).ToHaveCountAsync(4);
                await Expect(page.Locator(".seed-band .figure-chart")).ToContainTextAsync("seed 42 (the book's)");
                await ChartsDrawn(".seed-band")(page);
            });
        }
        finally
        {
            await student.CloseAsync();
        }
    }

    [Fact]
    public async Task Two_runs_chosen_from_the_run_log_are_compared_with_the_reviews_they_disagree_on()
    {
        var student = await lab.NewStudentAsync();
        try
        {
            var supervised = await lab.OpenAsync(student, "/supervised?train=500&test=200&seed=3");
            await Lab.ExpectResultAsync(supervised.Locator(".selective-table .aurc"));
            await supervised.CloseAsync();

            await Lab.ScreenshotAtScreenSizesAsync(lab, student, "/compare", ".run-a", async page =>
            {
                await Choose(page, ".run-a", "supervised · model=minilm train=500 test=200 seed=3");
                await Choose(page, ".run-b", "centroid · model=minilm train=500 test=200 seed=3");
                await page.Locator("button.compare").ClickAsync();
                await Lab.ExpectResultAsync(page.Locator(".agreement-table"));
                var counts = await Task.WhenAll(new[] { ".both-right", ".only-a", ".only-b", ".both-wrong" }.Select(c => page.Locator(c).InnerTextAsync()));
                Assert.Equal(200, counts.Sum(int.Parse));
                await Expect(page.Locator(".disagreements tbody tr")).ToHaveCountAsync(Math.Min(10, int.Parse(counts[1]) + int.Parse(counts[2])));
                await Expect(page.Locator(".mcnemar-p")).Not.ToBeEmptyAsync();
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"[?&]a=\d+&b=\d+"));
                await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
                await page.EvaluateAsync("window.scrollTo(0, 0)");
            });
        }
        finally
        {
            await student.CloseAsync();
        }
    }

    private static async Task Choose(IPage page, string select, string run)
    {
        // The prerendered page's choices are disabled: they open once the page is live.
        await Expect(page.Locator($"{select} input")).ToBeEnabledAsync();
        await page.Locator($"{select} div.mud-select-input").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextString = run }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }

    // From the top once the charts have axes: a full-page shot of a scrolled page draws the fixed app bar where the view was.
    private static Func<IPage, Task> ChartsDrawn(string selector) => async page =>
    {
        await Expect(page.Locator($"{selector} .figure-chart g.xtick text").First).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });
        await page.EvaluateAsync("window.scrollTo(0, 0)");
    };
}
