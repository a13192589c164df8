using System.Globalization;
using System.Text.RegularExpressions;
using LabApp.Core.Experiments;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CustomLabelsTests(BrowserFixture lab)
{
    private const string Choices = "table:has(th:text-is('1st label')) tbody tr";

    [Fact]
    public async Task The_page_opens_on_the_books_reviews_and_five_levels_with_the_notebooks_choices()
    {
        var page = await lab.OpenAsync("/medium/custom-labels");
        try
        {
            var rows = page.Locator(Choices);
            await Expect(rows).ToHaveCountAsync(8, new() { Timeout = Lab.ResultTimeout });
            for (var i = 0; i < 8; i++)
                await Expect(page.GetByLabel($"Review {i + 1}", new() { Exact = true })).ToHaveValueAsync(BookInputs.CustomLabelsReviews[i]);
            await Expect(page.GetByLabel(new Regex(@"^Label \d+$"))).ToHaveCountAsync(5);
            await Expect(page.Locator(".figure-chart").First.Locator("g.xtick text")).ToHaveTextAsync(BookInputs.FiveLevels.ToArray());

            // The independent computation of the book's cell (tools/reference/make_medium_tasks_13_fixture.py).
            var reference = Fixtures.Load("medium-tasks-1-3.json").GetProperty("custom_labels")[0];
            var expected = reference.GetProperty("reviews").EnumerateArray().ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                var cells = rows.Nth(i).Locator("td");
                await Expect(cells.Nth(1)).ToHaveTextAsync($"{expected[i].GetProperty("first").GetString()} ({F3(expected[i].GetProperty("first_score").GetDouble())})");
                await Expect(cells.Nth(2)).ToHaveTextAsync($"{expected[i].GetProperty("second").GetString()} ({F3(expected[i].GetProperty("second_score").GetDouble())})");
                await Expect(cells.Nth(3)).ToHaveTextAsync(F3(expected[i].GetProperty("margin").GetDouble()));
                await Expect(cells.Nth(4)).ToHaveTextAsync(expected[i].GetProperty("flag").GetString()!);
            }

            // All ten pairs of five labels, most similar first, each above 0.7 flagged.
            var pairs = page.Locator(".label-pairs tbody tr");
            var expectedPairs = reference.GetProperty("label_pairs").EnumerateArray().ToArray();
            await Expect(pairs).ToHaveCountAsync(10);
            for (var i = 0; i < 10; i++)
                await Expect(pairs.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(F3(expectedPairs[i].GetProperty("similarity").GetDouble()));
            await Expect(pairs.Filter(new() { HasTextString = "too similar" })).ToHaveCountAsync(expectedPairs.Count(p => p.GetProperty("similarity").GetDouble() > 0.7));
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_books_step_to_six_levels_is_one_run_log_row_per_label_set_and_none_for_a_repeated_one()
    {
        var student = await lab.NewStudentAsync();
        try
        {
            var page = await lab.OpenAsync(student, "/medium/custom-labels");
            var columns = page.Locator(".figure-chart").First.Locator("g.xtick text");
            await Expect(columns).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
            // This browser's run log, live in another tab: a label set is logged once it has stood a moment.
            var runs = await lab.OpenAsync(student, "/log?q=custom-labels");
            var rows = runs.Locator(".run-log tbody tr");
            await Expect(rows).ToHaveCountAsync(1);

            await page.GetByRole(AriaRole.Button, new() { Name = "Book: 5 → 6 levels", Exact = true }).ClickAsync();

            await Expect(columns).ToHaveCountAsync(6, new() { Timeout = Lab.ResultTimeout });
            await Expect(page.GetByText("\"Book: 5 levels\" → now:")).ToBeVisibleAsync();
            await Expect(page.GetByText("Added: \"very positive sentiment\"")).ToBeVisibleAsync();
            await Expect(page.Locator(".comparison tbody tr")).ToHaveCountAsync(8);
            await Expect(rows).ToHaveCountAsync(2);

            // Back to five levels: the same run as the first, so the log keeps two rows.
            await page.GetByRole(AriaRole.Button, new() { Name = "Book: 5 levels", Exact = true }).ClickAsync();
            await Expect(columns).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
            await BrowserFixture.ScreenshotAsync(page, "medium-custom-labels-compared");

            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.Filter(new() { HasTextString = "\"very positive sentiment\"" })).ToHaveCountAsync(1);
            await Expect(rows.Filter(new() { HasTextString = "reviews=8 " })).ToHaveCountAsync(2);
        }
        finally
        {
            await student.CloseAsync();
        }
    }

    [Fact]
    public async Task A_sixth_label_adds_a_heatmap_column_and_can_win_a_review()
    {
        var page = await lab.OpenAsync("/medium/custom-labels");
        try
        {
            var labelInputs = page.GetByLabel(new Regex(@"^Label \d+$"));
            // The first chart is the reviews × labels heatmap: one x-axis tick label per label description.
            var columns = page.Locator(".figure-chart").First.Locator("g.xtick text");
            await Expect(columns).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });

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
            var reviewRow = page.Locator(Choices).Filter(new() { Has = page.Locator("td:first-child", new() { HasTextString = review }) });
            await Expect(reviewRow.Locator("td").Nth(1)).ToHaveTextAsync($"{review} (1.000)");
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task An_added_label_comes_back_with_the_same_choices_after_a_reload()
    {
        const string Added = "a quietly devastating drama";
        var page = await lab.OpenAsync("/medium/custom-labels");
        try
        {
            var columns = page.Locator(".figure-chart").First.Locator("g.xtick text");
            var choices = page.Locator(Choices);
            await Expect(columns).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
            await page.GetByRole(AriaRole.Button, new() { Name = "Add label", Exact = true }).ClickAsync();
            var sixth = page.GetByLabel("Label 6", new() { Exact = true });
            await sixth.FillAsync(Added);
            await sixth.PressAsync("Tab");
            await Expect(columns).ToHaveCountAsync(6, new() { Timeout = Lab.ResultTimeout });
            await Expect(page).ToHaveURLAsync(new Regex("label=a(%20|\\+)quietly(%20|\\+)devastating(%20|\\+)drama"));
            var before = await choices.AllInnerTextsAsync();

            await Lab.ReloadAsync(page);

            await Expect(columns).ToHaveCountAsync(6, new() { Timeout = Lab.ResultTimeout });
            await Expect(page.GetByLabel("Label 6", new() { Exact = true })).ToHaveValueAsync(Added);
            await Expect(columns.Nth(5)).ToHaveTextAsync(Added);
            Assert.Equal(before, await choices.AllInnerTextsAsync());
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task A_review_list_too_long_for_the_address_reloads_from_the_workbook_and_its_copied_link_opens_it_in_another()
    {
        var review = string.Concat(Enumerable.Range(1, 40).Select(i => $"Scene {i} drags, yet the lead keeps it alive. "));
        var page = await lab.OpenAsync("/medium/custom-labels");
        IPage? friend = null;
        try
        {
            var choices = page.Locator(Choices);
            await Expect(choices).ToHaveCountAsync(8, new() { Timeout = Lab.ResultTimeout });
            var first = page.GetByLabel("Review 1", new() { Exact = true });
            // Too long for an address: the reviews are in the student's workbook on the server, the address keeps the settings.
            await Lab.SavedAsync(page, async () =>
            {
                await first.FillAsync(review);
                await first.PressAsync("Tab");
            });
            await Expect(choices.First.Locator("td").First).ToHaveTextAsync(new Regex("^Scene 1 drags"), new() { Timeout = Lab.ResultTimeout });
            await Expect(page).Not.ToHaveURLAsync(new Regex("[?&]review="));
            var before = await choices.AllInnerTextsAsync();

            await Lab.ReloadAsync(page);
            await Expect(page.GetByLabel("Review 1", new() { Exact = true })).ToHaveValueAsync(review, new() { Timeout = Lab.ResultTimeout });
            await Expect(choices.First.Locator("td").First).ToHaveTextAsync(new Regex("^Scene 1 drags"), new() { Timeout = Lab.ResultTimeout });
            Assert.Equal(before, await choices.AllInnerTextsAsync());

            await page.GetByRole(AriaRole.Button, new() { Name = "Copy link", Exact = true }).ClickAsync();
            var link = page.Locator(".shared-link input");
            await Expect(link).ToHaveValueAsync(new Regex(@"/medium/custom-labels\?s=[A-Za-z0-9_-]{16}$"));
            var address = await link.InputValueAsync();

            // Another browser context: no storage of the first, only the link.
            friend = await lab.OpenAsync(new Uri(address).PathAndQuery);
            var shared = friend.Locator(Choices);
            await Expect(friend.GetByLabel("Review 1", new() { Exact = true })).ToHaveValueAsync(review, new() { Timeout = Lab.ResultTimeout });
            await Expect(shared.First.Locator("td").First).ToHaveTextAsync(new Regex("^Scene 1 drags"), new() { Timeout = Lab.ResultTimeout });
            Assert.Equal(before, await shared.AllInnerTextsAsync());
            await Expect(friend.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
            if (friend is not null)
                await friend.CloseAsync();
        }
    }

    private static string F3(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
