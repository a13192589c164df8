using System.Text.RegularExpressions;
using LabApp.Core.Experiments;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class FailureAnalysisTests(BrowserFixture lab)
{
    [Fact]
    public async Task The_page_opens_on_the_books_cell_and_logs_its_suite_once()
    {
        var student = await lab.NewStudentAsync();
        var page = await lab.OpenAsync(student, "/medium/failure-analysis");
        try
        {
            var edgeAccuracy = page.Locator(".edge-accuracy h5");
            await Lab.ExpectResultAsync(edgeAccuracy);
            await Expect(page.GetByLabel("Text", new() { Exact = true })).ToHaveCountAsync(6);
            for (var i = 0; i < 6; i++)
            {
                await Expect(page.GetByLabel("Category", new() { Exact = true }).Nth(i)).ToHaveValueAsync(FailureAnalysisExperiment.BookEdgeCases[i].Category);
                await Expect(page.GetByLabel("Text", new() { Exact = true }).Nth(i)).ToHaveValueAsync(FailureAnalysisExperiment.BookEdgeCases[i].Text);
            }

            await Expect(page.Locator(".edge-verdict")).ToHaveCountAsync(6);
            await Expect(page.Locator(".cut input")).ToHaveValueAsync("0.7");
            await Expect(page.Locator(".confident-count")).ToContainTextAsync(new Regex(@"Found \d+ high-confidence errors \(confidence > 0\.7\)"));
            await Expect(edgeAccuracy).ToHaveTextAsync(new Regex(@"^\d/6 \(\d+\.\d%\)$"));
            await Expect(page.Locator(".accuracy-difference h5")).ToHaveTextAsync(new Regex(@"^[+-]\d+\.\d%$"));

            // The cut answers each move of the slider at once: at its top no error is above it.
            var slider = page.Locator("input[type=range]");
            await slider.FocusAsync();
            await slider.PressAsync("End");
            await Expect(page.Locator(".confident-count")).ToContainTextAsync("Found 0 high-confidence errors (confidence > 1)");
            await Expect(page.Locator(".surprising")).ToHaveCountAsync(0);

            // The same suite again (a reload) is the same run: one row in this browser's log.
            await Lab.ReloadAsync(page);
            await Lab.ExpectResultAsync(edgeAccuracy);
            var log = await lab.OpenAsync(student, "/log?q=failure-analysis");
            var rows = log.Locator(".run-log tbody tr");
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows).ToContainTextAsync("train=1000 test=200 seed=42 edge_cases=6 accuracy=");
            await Expect(rows).ToContainTextAsync(" edge_accuracy=");
            await log.CloseAsync();

            await Lab.ScreenshotAtScreenSizesAsync(lab, student, "/medium/failure-analysis", ".edge-accuracy h5",
                shot => Expect(shot.Locator(".figure-chart g.xtick text").First).ToBeVisibleAsync());
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await student.CloseAsync();
        }
    }

    [Fact]
    public async Task An_edited_edge_case_comes_back_with_the_same_verdicts_after_a_reload()
    {
        const string Edited = "Not the disaster everyone promised, honestly.";
        const string Category = "Understatement";
        var page = await lab.OpenAsync("/medium/failure-analysis");
        try
        {
            var accuracy = page.Locator(".edge-accuracy h5");
            var verdicts = page.Locator(".edge-verdict");
            await Lab.ExpectResultAsync(accuracy);
            var text = page.GetByLabel("Text", new() { Exact = true }).First;
            await text.FillAsync(Edited);
            await text.PressAsync("Tab");
            var category = page.GetByLabel("Category", new() { Exact = true }).First;
            await category.FillAsync(Category);
            await category.PressAsync("Tab");
            // The address is written at most every 250 ms: the category's write is the later one, and a reload before
            // it lands would bring back the address without it.
            await Expect(page).ToHaveURLAsync(new Regex("case=Not(%20|\\+)the(%20|\\+)disaster"));
            await Expect(page).ToHaveURLAsync(new Regex("category=" + Category));
            // The edited case's verdict comes with the classification of the suite as edited.
            await Expect(verdicts).ToHaveCountAsync(6, new() { Timeout = Lab.ResultTimeout });
            var accuracyBefore = await accuracy.InnerTextAsync();
            var verdictsBefore = await verdicts.AllInnerTextsAsync();

            await Lab.ReloadAsync(page);

            await Lab.ExpectResultAsync(accuracy);
            await Expect(page.GetByLabel("Text", new() { Exact = true }).First).ToHaveValueAsync(Edited);
            await Expect(page.GetByLabel("Category", new() { Exact = true }).First).ToHaveValueAsync(Category);
            await Expect(verdicts).ToHaveCountAsync(6, new() { Timeout = Lab.ResultTimeout });
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
