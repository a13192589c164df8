using System.Globalization;
using System.Text.RegularExpressions;
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

    [Fact]
    public async Task A_train_size_comes_back_with_the_same_scores_after_a_reload()
    {
        var page = await lab.OpenAsync("/medium/limited-data?train=700&test=120&seed=5");
        try
        {
            var row = page.Locator("table:has(th:text-is('Train')) tbody tr").Filter(new() { Has = page.Locator("td:first-child:text-is('700')") });
            await Expect(row).ToHaveCountAsync(1, new() { Timeout = Lab.ResultTimeout });
            await page.Locator("input[type=range]").EvaluateAsync(
                "el => { el.value = '250'; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }");
            var moved = page.Locator("table:has(th:text-is('Train')) tbody tr").Filter(new() { Has = page.Locator("td:first-child:text-is('250')") });
            await Expect(moved).ToHaveCountAsync(1, new() { Timeout = Lab.ResultTimeout });
            await Expect(page).ToHaveURLAsync(new Regex("[?&]train=250&test=120&seed=5(&|$)"));
            var cells = await moved.Locator("td").AllInnerTextsAsync();
            var examples = await page.Locator(".mud-table-root tbody tr").AllInnerTextsAsync();

            await Lab.ReloadAsync(page);

            await Expect(moved).ToHaveCountAsync(1, new() { Timeout = Lab.ResultTimeout });
            await Expect(page.GetByText("Training reviews: 250")).ToBeVisibleAsync();
            Assert.Equal(cells, await moved.Locator("td").AllInnerTextsAsync());
            Assert.Equal(["250", "120", "5"], cells.Take(3));
            Assert.Equal(examples, await page.Locator(".mud-table-root tbody tr").AllInnerTextsAsync());
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
