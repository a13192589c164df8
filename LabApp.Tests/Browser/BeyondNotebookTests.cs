using System.Text.RegularExpressions;
using LabApp.Core.Experiments;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

/// <summary>The views beyond the notebook in a real browser: a clickable confusion matrix, the behavioural tests and the embedding map.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BeyondNotebookTests(BrowserFixture lab)
{
    // Where plotly drew a data point (axis values; a category axis counts its categories 0, 1, …), in page pixels.
    private const string PointOnPage = """
        ([selector, x, y]) => {
            const chart = document.querySelector(selector + ' .js-plotly-plot');
            const box = chart.getBoundingClientRect();
            const xa = chart._fullLayout.xaxis, ya = chart._fullLayout.yaxis;
            return [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)];
        }
        """;

    [Fact]
    public async Task A_click_on_a_confusion_matrix_cell_lists_the_reviews_in_it()
    {
        var page = await lab.OpenAsync("/supervised?train=500&test=200");
        try
        {
            var matrix = page.Locator(".confusion-matrix").First;
            await Lab.ExpectResultAsync(matrix.Locator(".heatmaplayer"));

            // Row 0 (true negative), column 1 (predicted positive): the false positives. The point is the viewport's, so
            // the matrix is brought into view first (the book's section and report stand above it).
            await matrix.ScrollIntoViewIfNeededAsync();
            var at = await page.EvaluateAsync<double[]>(PointOnPage, new object[] { ".confusion-matrix", 1, 0 });
            await page.Mouse.ClickAsync((float)at[0], (float)at[1]);

            var chip = page.Locator(".confusion-cell").First;
            await Expect(chip).ToContainTextAsync(new Regex(@"true Negative Review · predicted Positive Review: \d+ reviews?"));
            var table = page.Locator(".prediction-table").First;
            var rows = table.Locator("tbody tr");
            await Expect(rows.First).ToBeVisibleAsync();
            foreach (var row in await rows.AllAsync())
            {
                await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Negative Review");
                await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("Positive Review");
            }

            await BrowserFixture.ScreenshotAsync(page, "supervised-confusion-cell");

            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_behavioural_tests_open_with_the_failing_cases_of_a_cell_at_the_classrooms_screen_sizes()
    {
        var student = await lab.NewStudentAsync();
        try
        {
            var page = await lab.OpenAsync(student, "/checklist?cases=10");
            await Lab.ExpectResultAsync(page.Locator(".checklist-matrix .failure-rate").First);
            await Expect(page.Locator(".checklist-matrix tbody tr")).ToHaveCountAsync(ChecklistSuite.Default.Tests.Count + 1);
            await Expect(page.Locator(".not-tested")).ToHaveCountAsync(2);

            var row = page.Locator(".checklist-matrix tbody tr", new() { HasText = "Negated negatives" });
            await row.Locator(".failure-rate").First.ClickAsync();
            await Expect(page.Locator(".checklist-cases")).ToContainTextAsync("Negated negatives (MFT) · supervised");
            await Expect(page.Locator(".checklist-cases td.case-text").First).ToContainTextAsync(" not ");

            // An edited template outlives a reload: the suite is too long for the address, so the student's workbook keeps it.
            const string Edited = "negative: The {thing} was hardly {pos_adj}.";
            var templates = page.Locator(".templates textarea").First;
            await Lab.SavedAsync(page, async () =>
            {
                await templates.FillAsync(Edited);
                await templates.PressAsync("Tab");
            });
            await Expect(page).Not.ToHaveURLAsync(new Regex("[?&]test="));
            await Lab.ReloadAsync(page);
            await Expect(page.Locator(".templates textarea").First).ToHaveValueAsync(Edited, new() { Timeout = Lab.ResultTimeout });
            await Lab.ExpectResultAsync(page.Locator(".checklist-matrix .failure-rate").First);
            await page.CloseAsync();

            await Lab.ScreenshotAtScreenSizesAsync(lab, student, "/checklist?cases=10", ".checklist-matrix .failure-rate");
        }
        finally
        {
            await student.CloseAsync();
        }
    }

    [Fact]
    public async Task The_map_opens_a_clicked_review_recolours_in_place_and_places_a_typed_review()
    {
        var student = await lab.NewStudentAsync();
        var test = SharedData.Load("test");
        try
        {
            var page = await lab.OpenAsync(student, "/map");
            await Lab.ExpectResultAsync(page.Locator(".explained-variance"));
            await Expect(page.Locator(".explained-variance")).ToContainTextAsync("4.4% and 2.7%");
            var chart = page.Locator(".embedding-map .js-plotly-plot");
            await Expect(chart.Locator(".legendtext", new() { HasText = "true: Negative Review (533)" })).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });

            // The stars of the zero-shot page's two label descriptions are there from the start.
            await Expect(chart.Locator(".legendtext", new() { HasText = "label description" })).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });

            var first = await page.EvaluateAsync<double[]>(
                "() => { const c = document.querySelector('.embedding-map .js-plotly-plot'); return [c.data[0].x[0], c.data[0].y[0]]; }");
            var at = await page.EvaluateAsync<double[]>(PointOnPage, new object[] { ".embedding-map", first[0], first[1] });
            await page.Mouse.ClickAsync((float)at[0], (float)at[1]);
            var opened = page.Locator(".opened-text");
            await Expect(opened).ToBeVisibleAsync();
            var rowText = await page.Locator(".opened-review .mud-typography-overline").InnerTextAsync();
            var row = int.Parse(Regex.Match(rowText, @"\d+").Value);
            await Expect(opened).ToHaveTextAsync(test.Texts[row]);
            await Expect(page).ToHaveURLAsync(new Regex($"row={row}"));
            await Expect(chart.Locator(".legendtext", new() { HasText = "opened review" })).ToBeVisibleAsync();

            // Recoloured in place: the same chart, its legend now correct and wrong.
            var id = await chart.GetAttributeAsync("id");
            await page.GetByText("correct or wrong").ClickAsync();
            await Expect(chart.Locator(".legendtext", new() { HasText = "wrong (" })).ToBeVisibleAsync();
            Assert.Equal(id, await page.Locator(".embedding-map .js-plotly-plot").GetAttributeAsync("id"));

            await page.Locator(".own-review input").FillAsync("A dazzling, heartfelt film I will watch again and again.");
            await Expect(chart.Locator(".legendtext", new() { HasText = "your review" })).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await page.CloseAsync();

            await Lab.ScreenshotAtScreenSizesAsync(lab, student, $"/map?colour=correctness&row={row}", ".opened-text",
                shot => Expect(shot.Locator(".embedding-map .legendtext", new() { HasText = "label description" })).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout }));
        }
        finally
        {
            await student.CloseAsync();
        }
    }
}
