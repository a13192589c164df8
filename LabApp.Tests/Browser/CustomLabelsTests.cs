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

    [Fact]
    public async Task An_added_label_comes_back_with_the_same_choices_after_a_reload()
    {
        const string Added = "a quietly devastating drama";
        var page = await lab.OpenAsync("/medium/custom-labels");
        try
        {
            var columns = page.Locator(".figure-chart").First.Locator("g.xtick text");
            var choices = page.Locator("table:has(th:text-is('1st label')) tbody tr");
            await Expect(columns).ToHaveCountAsync(4, new() { Timeout = Lab.ResultTimeout });
            await page.GetByRole(AriaRole.Button, new() { Name = "Add label", Exact = true }).ClickAsync();
            var fifth = page.GetByLabel("Label 5", new() { Exact = true });
            await fifth.FillAsync(Added);
            await fifth.PressAsync("Tab");
            await Expect(columns).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
            await Expect(page).ToHaveURLAsync(new Regex("label=a(%20|\\+)quietly(%20|\\+)devastating(%20|\\+)drama"));
            var before = await choices.AllInnerTextsAsync();

            await Lab.ReloadAsync(page);

            await Expect(columns).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
            await Expect(page.GetByLabel("Label 5", new() { Exact = true })).ToHaveValueAsync(Added);
            await Expect(columns.Nth(4)).ToHaveTextAsync(Added);
            Assert.Equal(before, await choices.AllInnerTextsAsync());
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task A_review_list_too_long_for_the_address_reloads_from_the_browser_and_its_copied_link_opens_it_in_another()
    {
        var review = string.Concat(Enumerable.Range(1, 40).Select(i => $"Scene {i} drags, yet the lead keeps it alive. "));
        var page = await lab.OpenAsync("/medium/custom-labels");
        IPage? friend = null;
        try
        {
            var choices = page.Locator("table:has(th:text-is('1st label')) tbody tr");
            await Expect(choices).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
            var first = page.GetByLabel("Review 1", new() { Exact = true });
            await first.FillAsync(review);
            await first.PressAsync("Tab");
            await Expect(choices.First.Locator("td").First).ToHaveTextAsync(new Regex("^Scene 1 drags"), new() { Timeout = Lab.ResultTimeout });
            // Too long for an address: the reviews stay in this browser, and the address says so.
            await Expect(page).ToHaveURLAsync(new Regex("[?&]lists=browser(&|$)"));
            Assert.DoesNotContain("review=", page.Url);
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
            var shared = friend.Locator("table:has(th:text-is('1st label')) tbody tr");
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
}
