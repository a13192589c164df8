using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class FailureAnalysisTests(BrowserFixture lab)
{
    [Fact]
    public async Task An_edited_edge_case_comes_back_with_the_same_verdicts_after_a_reload()
    {
        const string Edited = "Not the disaster everyone promised, honestly.";
        const string Category = "Understatement";
        var page = await lab.OpenAsync("/medium/failure-analysis");
        try
        {
            var accuracy = page.Locator("div:has(> .mud-typography-caption:text-is('Edge-case accuracy')) > h5");
            var verdicts = page.Locator(".mud-paper .mud-chip");
            await Lab.ExpectResultAsync(accuracy);
            var text = page.GetByLabel("Text", new() { Exact = true }).First;
            await text.FillAsync(Edited);
            await text.PressAsync("Tab");
            var category = page.GetByLabel("Category", new() { Exact = true }).First;
            await category.FillAsync(Category);
            await category.PressAsync("Tab");
            await Expect(page).ToHaveURLAsync(new Regex("case=Not(%20|\\+)the(%20|\\+)disaster"));
            // The category's chip comes with the classification of the suite as edited, text and category.
            var edgeCategory = page.GetByText(new Regex($"^{Category}: [01] / 1$"));
            await Expect(edgeCategory).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });
            var accuracyBefore = await accuracy.InnerTextAsync();
            var verdictsBefore = await verdicts.AllInnerTextsAsync();

            await Lab.ReloadAsync(page);

            await Lab.ExpectResultAsync(accuracy);
            await Expect(page.GetByLabel("Text", new() { Exact = true }).First).ToHaveValueAsync(Edited);
            await Expect(page.GetByLabel("Category", new() { Exact = true }).First).ToHaveValueAsync(Category);
            await Expect(edgeCategory).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });
            Assert.Equal(accuracyBefore, await accuracy.InnerTextAsync());
            Assert.Equal(verdictsBefore, await verdicts.AllInnerTextsAsync());
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
