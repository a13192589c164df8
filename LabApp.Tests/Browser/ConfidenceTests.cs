using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ConfidenceTests(BrowserFixture lab)
{
    [Fact]
    public async Task Moving_the_threshold_slider_changes_the_coverage_and_the_address()
    {
        var page = await lab.OpenAsync("/medium/confidence?threshold=0.3&measure=margin");
        try
        {
            // The figure under the "Coverage" caption, for the student's own reviews.
            var coverage = page.Locator("div:has(> .mud-typography-caption:text-is('Coverage')) > h5");
            await Lab.ExpectResultAsync(coverage);
            await Expect(page.GetByText("Threshold: 0.30")).ToBeVisibleAsync();
            var before = await coverage.InnerTextAsync();

            // Home moves the slider to its minimum, 0: every review's confidence reaches it, so nothing is abstained.
            var slider = page.Locator("input[type=range]");
            await slider.FocusAsync();
            await slider.PressAsync("Home");

            await Expect(page.GetByText("Threshold: 0.00")).ToBeVisibleAsync();
            await Expect(coverage).ToHaveTextAsync(new Regex(@"^100\s?%$"));
            Assert.NotEqual(before, await coverage.InnerTextAsync());
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]threshold=0(&|$)"));
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]measure=margin(&|$)"));
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task A_threshold_and_measure_come_back_with_the_same_numbers_after_a_reload_and_a_drag_is_one_run()
    {
        var student = await lab.NewStudentAsync();
        var page = await lab.OpenAsync(student, "/medium/confidence?measure=max&threshold=0.3");
        try
        {
            var figures = page.Locator("div:has(> .mud-typography-caption) > h5");
            var log = page.Locator(".mud-simple-table").First.Locator("tbody");
            await Lab.ExpectResultAsync(page.GetByText("Per review at threshold 0.30"));
            await page.GetByText("Margin between the top two labels").ClickAsync();
            // One drag from 0.30 down to 0.05: the page answers each move, the run log keeps where it rests.
            await page.Locator("input[type=range]").EvaluateAsync("""
                el => { for (const v of ['0.2', '0.12', '0.08', '0.05']) { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); } }
                """);
            await Expect(page.GetByText("Per review at threshold 0.05")).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]threshold=0\.05(&|$)"));
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]measure=margin(&|$)"));
            var numbers = await figures.AllInnerTextsAsync();
            var logged = await log.InnerTextAsync();
            var statuses = await page.Locator(".mud-table-root tbody tr td:last-child").AllInnerTextsAsync();

            // The run log of this student's browser.
            var runs = await lab.OpenAsync(student, "/log?q=confidence");
            var rested = runs.Locator(".run-log tbody tr").Filter(new() { HasTextString = "measure=margin threshold=0.05 " });
            await Expect(rested).ToHaveCountAsync(1);
            foreach (var passed in new[] { "0.20", "0.12", "0.08" })
                await Expect(runs.Locator(".run-log tbody tr").Filter(new() { HasTextString = $"measure=margin threshold={passed} " })).ToHaveCountAsync(0);
            await runs.CloseAsync();

            await Lab.ReloadAsync(page);

            await Lab.ExpectResultAsync(page.GetByText("Per review at threshold 0.05"));
            await Expect(page.GetByText("Threshold: 0.05")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Margin between the top two labels" })).ToBeCheckedAsync();
            Assert.Equal(numbers, await figures.AllInnerTextsAsync());
            Assert.Equal(logged, await log.InnerTextAsync());
            Assert.Equal(statuses, await page.Locator(".mud-table-root tbody tr td:last-child").AllInnerTextsAsync());
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await student.CloseAsync();
        }
    }
}
