using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LimitedDataTests(BrowserFixture lab)
{
    [Fact]
    public async Task Training_on_500_reviews_adds_a_row_for_500()
    {
        var page = await lab.OpenAsync("/medium/limited-data");
        try
        {
            var rows = page.Locator("table:has(th:text-is('Train')) tbody tr");
            // The page trains its default 1,000 reviews on opening: wait for that row so the new run does not replace it.
            await Expect(rows).ToHaveCountAsync(1, new() { Timeout = Lab.ResultTimeout });

            // The slider is an <input type=range>; Blazor reads the value from the input event, as from a drag.
            await page.Locator("input[type=range]").EvaluateAsync(
                "el => { el.value = '500'; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }");
            await Expect(page.GetByText("Training reviews: 500")).ToBeVisibleAsync();

            // Once the slider rests the page trains on its own; the Train button would start a second, identical run.
            await Expect(rows).ToHaveCountAsync(2, new() { Timeout = Lab.ResultTimeout });
            var row = rows.Filter(new() { Has = page.Locator("td:first-child:text-is('500')") });
            await Expect(row).ToHaveCountAsync(1);
            var cells = await row.Locator("td").AllInnerTextsAsync();
            Assert.Equal("300", cells[1]);
            Assert.Equal("42", cells[2]);
            // Embeddings + LR on 500 reviews is well above chance on this balanced split, and an F1 never exceeds 1.
            var f1 = double.Parse(cells[3], CultureInfo.InvariantCulture);
            Assert.InRange(f1, 0.6, 1.0);
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
