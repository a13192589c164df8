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
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]threshold=0\.00(&|$)"));
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]measure=margin(&|$)"));
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
