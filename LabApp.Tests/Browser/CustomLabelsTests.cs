using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CustomLabelsTests(BrowserFixture lab)
{
    [Fact]
    public async Task A_sixth_label_adds_a_heatmap_column_and_can_win_a_review()
    {
        var page = await lab.OpenAsync("/medium/custom-labels");
        try
        {
            var labelInputs = page.GetByLabel(new Regex(@"^Label \d+$"));
            // The first chart is the reviews × labels heatmap: one x-axis tick label per label description.
            var columns = page.Locator(".figure-chart").First.Locator("g.xtick text");
            await Expect(columns).ToHaveCountAsync(4, new() { Timeout = Lab.ResultTimeout });

            await page.GetByRole(AriaRole.Button, new() { Name = "5 levels", Exact = true }).ClickAsync();
            await Expect(labelInputs).ToHaveCountAsync(5);
            await Expect(columns).ToHaveTextAsync(["very negative sentiment", "negative sentiment", "neutral sentiment", "positive sentiment", "very positive sentiment"]);

            await page.GetByRole(AriaRole.Button, new() { Name = "Add label", Exact = true }).ClickAsync();
            await Expect(labelInputs).ToHaveCountAsync(6);
            // An empty sixth label is refused beside the editor, and the heatmap keeps the five it had.
            await Expect(page.GetByText("Label 6 is empty: type a description or remove it.")).ToBeVisibleAsync();
            await Expect(columns).ToHaveCountAsync(5);

            // A label worded exactly like review 3 has cosine similarity 1 with it, so it must become that review's best label.
            var review = await page.GetByLabel("Review 3", new() { Exact = true }).InputValueAsync();
            var sixth = page.GetByLabel("Label 6", new() { Exact = true });
            await sixth.FillAsync(review);
            await sixth.PressAsync("Tab");

            await Expect(columns).ToHaveCountAsync(6, new() { Timeout = Lab.ResultTimeout });
            await Expect(columns.Nth(5)).ToHaveTextAsync(review);
            var reviewRow = page.Locator("table:has(th:text-is('1st label')) tbody tr").Filter(new() { Has = page.Locator("td:first-child", new() { HasTextString = review }) });
            await Expect(reviewRow.Locator("td").Nth(1)).ToHaveTextAsync($"{review} (1.000)");
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
