using System.Globalization;
using System.Text.RegularExpressions;
using LabApp.Core.Experiments;
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
            await Expect(coverage).ToHaveTextAsync(new Regex(@"^100\.0%$"));
            Assert.NotEqual(before, await coverage.InnerTextAsync());
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]threshold=0(&|$)"));
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]measure=margin(&|$)"));

            // "Max similarity − 0.5" is negative for MiniLM's reviews: its slider reaches down to −0.6, where all are predicted.
            await page.GetByText("Max similarity − 0.5", new() { Exact = true }).ClickAsync();
            await slider.FocusAsync();
            await slider.PressAsync("Home");
            await Expect(page.GetByText("Threshold: -0.60")).ToBeVisibleAsync();
            await Expect(coverage).ToHaveTextAsync(new Regex(@"^100\.0%$"));
            await slider.PressAsync("End");
            await Expect(page.GetByText("Threshold: 0.50")).ToBeVisibleAsync();
            await Expect(coverage).ToHaveTextAsync(new Regex(@"^0\.0%$"));
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

    [Fact]
    public async Task The_page_opens_on_the_books_inputs_and_its_labels_can_be_changed_and_typed_back_with_one_run_log_row_each()
    {
        var student = await lab.NewStudentAsync();
        try
        {
            var page = await lab.OpenAsync(student, "/medium/confidence");
            var rows = page.Locator(".confidence-reviews tbody tr");
            await Lab.ExpectResultAsync(page.GetByText("Per review at threshold 0.15"));
            await Expect(rows).ToHaveCountAsync(8);
            for (var i = 0; i < 8; i++)
            {
                await Expect(page.GetByLabel($"Review {i + 1}", new() { Exact = true })).ToHaveValueAsync(BookInputs.ConfidenceReviews[i].Text);
                await Expect(rows.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(BookInputs.ConfidenceReviews[i].True == 1 ? "positive" : "negative");
            }
            var negative = page.GetByLabel("Negative (class 0)", new() { Exact = true });
            var positive = page.GetByLabel("Positive (class 1)", new() { Exact = true });
            await Expect(negative).ToHaveValueAsync("A negative movie review");
            await Expect(positive).ToHaveValueAsync("A positive movie review");

            // The independent computation of the book's cell (tools/reference/make_medium_tasks_13_fixture.py).
            var reference = Fixtures.Load("medium-tasks-1-3.json").GetProperty("confidence")[0];
            var book = reference.GetProperty("reviews").EnumerateArray().Select(r => F3(r.GetProperty("top").GetDouble())).ToArray();
            var tops = rows.Locator("td:nth-child(4)");
            var coverage = page.Locator("div:has(> .mud-typography-caption:text-is('Coverage')) > h5");
            await Expect(tops).ToHaveTextAsync(book);
            await Expect(coverage).ToHaveTextAsync(Percent(reference.GetProperty("coverage").GetDouble()));

            // This browser's run log, live in another tab: each label set is logged once it has stood a moment.
            var runs = await lab.OpenAsync(student, "/log?q=confidence");
            var logged = runs.Locator(".run-log tbody tr");
            await Expect(logged).ToHaveCountAsync(1);

            await TypeLabelsAsync(page, "A dull film", "A wonderful film");
            await Expect(page).ToHaveURLAsync(new Regex("label=A(%20|\\+)wonderful(%20|\\+)film"));
            await Expect(rows.First.Locator("td").Nth(2)).Not.ToHaveTextAsync("A positive movie review", new() { Timeout = Lab.ResultTimeout });
            Assert.NotEqual(book, await tops.AllInnerTextsAsync());
            await Expect(logged).ToHaveCountAsync(2);
            await Expect(logged.Filter(new() { HasTextString = "\"A wonderful film\"" })).ToHaveCountAsync(1);

            await TypeLabelsAsync(page, "A negative movie review", "A positive movie review");
            await Expect(tops).ToHaveTextAsync(book, new() { Timeout = Lab.ResultTimeout });
            await Expect(coverage).ToHaveTextAsync(Percent(reference.GetProperty("coverage").GetDouble()));

            // The book's labels again are the first run again: no new row.
            await Expect(logged).ToHaveCountAsync(2);
            var predicted = reference.GetProperty("reviews").EnumerateArray().Count(r => r.GetProperty("status").GetString() == "PREDICTED");
            await Expect(logged.Filter(new() { HasTextString = $"labels=\"A negative movie review\" | \"A positive movie review\" predicted={predicted}/8" })).ToHaveCountAsync(1);
            await Expect(runs.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await student.CloseAsync();
        }
    }

    // Both fields in one go, as a student's edit of the pair: one burst, so one settled run.
    private static Task TypeLabelsAsync(IPage page, string negative, string positive) => page.EvaluateAsync("""
        ([negative, positive]) => {
            for (const [field, value] of [['.negative-label input', negative], ['.positive-label input', positive]]) {
                const input = document.querySelector(field);
                input.value = value;
                input.dispatchEvent(new Event('input', { bubbles: true }));
                input.dispatchEvent(new Event('change', { bubbles: true }));
            }
        }
        """, new[] { negative, positive });

    private static string F3(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
