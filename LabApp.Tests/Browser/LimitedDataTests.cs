using System.Globalization;
using System.Text.RegularExpressions;
using LabApp.Core.Experiments;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LimitedDataTests(BrowserFixture lab)
{
    [Fact]
    public async Task A_prerendered_page_takes_no_click_until_its_circuit_can_act_on_it()
    {
        using var http = new HttpClient();
        var prerendered = await http.GetStringAsync(new Uri(lab.Server.Address, "/medium/limited-data"));
        Assert.Contains("lab-waking", prerendered);

        var page = await lab.OpenAsync("/medium/limited-data");
        try
        {
            var layout = page.Locator(".mud-layout");
            await Expect(layout).Not.ToHaveClassAsync(new Regex("lab-waking"), new() { Timeout = Lab.ResultTimeout });
            // Once the circuit is there, the button takes the click: the book's five sizes fill the table.
            await page.GetByRole(AriaRole.Button, new() { Name = "Fill the book's table" }).ClickAsync();
            await Expect(page.Locator(".results tbody tr")).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_page_opens_on_the_books_cell_takes_500_exactly_lands_on_2000_and_logs_each_size_once()
    {
        var student = await lab.NewStudentAsync();
        var page = await lab.OpenAsync(student, "/medium/limited-data");
        try
        {
            var rows = page.Locator(".results tbody tr");
            var trainSize = page.GetByLabel("Training reviews");
            // The book's cell: train_size = 1000 on the first 300 reviews of test.shuffle(seed=42), MiniLM by default.
            await Lab.ExpectResultAsync(Row(page, "1000"));
            await Expect(trainSize).ToHaveValueAsync("1000");
            await Expect(page.GetByLabel("Test reviews")).ToHaveValueAsync("300");
            await Expect(page.GetByLabel("Seed", new() { Exact = true })).ToHaveValueAsync("42");
            await Expect(page.Locator(".embedding-model")).ToContainTextAsync("all-MiniLM-L6-v2");
            await Expect(page.Locator(".task-missing")).ToContainTextAsync("is not on this machine");
            await Expect(page.Locator(".book-task-f1")).ToContainTextAsync("twitter-roberta F1 on these 300 reviews");
            await Expect(page.Locator(".examples tbody tr")).ToHaveCountAsync(5);

            // 500 typed into the number box trains on exactly 500 reviews.
            await trainSize.FillAsync("500");
            await Expect(Row(page, "500")).ToHaveCountAsync(1, new() { Timeout = Lab.ResultTimeout });
            var cells = await Row(page, "500").Locator("td").AllInnerTextsAsync();
            // The book's test reviews: the book's printed Task F1 is the comparison while the model is not here.
            Assert.Equal("500", cells[0]);
            Assert.StartsWith("0.7709", cells[1]);
            Assert.InRange(double.Parse(cells[2], CultureInfo.InvariantCulture), 0.6, 1.0);
            Assert.Matches(@"^0\.\d{4}$", cells[2]);
            Assert.Equal(BookFormat.Signed(double.Parse(cells[2], CultureInfo.InvariantCulture) - 0.7709, 4), cells[3]);
            Assert.Equal(["Task", "300 · seed 42 · minilm"], cells.Skip(4));
            await Expect(page).ToHaveURLAsync(new Regex("[?&]train=500(&|$)"));

            // The slider's fourth stop is the book's 2000.
            await page.Locator("input[type=range]").EvaluateAsync(
                "el => { el.value = '3'; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }");
            await Expect(trainSize).ToHaveValueAsync("2000");
            await Expect(Row(page, "2000")).ToHaveCountAsync(1, new() { Timeout = Lab.ResultTimeout });
            await Expect(rows).ToHaveCountAsync(3);

            // Training on 500 again is the same run: its examples come back, the table keeps one row and the run log adds none.
            await trainSize.FillAsync("500");
            await Expect(page.GetByText("after training on 500")).ToBeVisibleAsync(new() { Timeout = Lab.ResultTimeout });
            await Expect(rows).ToHaveCountAsync(3);

            var log = await lab.OpenAsync(student, "/log?q=limited-data");
            foreach (var size in new[] { "1000", "500", "2000" })
                await Expect(log.Locator(".run-log tbody tr").Filter(new() { HasTextString = $" train={size} test=300 seed=42 " })).ToHaveCountAsync(1);
            await Expect(log.Locator(".run-log tbody tr")).ToHaveCountAsync(3);
            await log.CloseAsync();

            await Lab.ScreenshotAtScreenSizesAsync(lab, student, "/medium/limited-data", ".results tbody tr", async shot =>
            {
                await shot.GetByRole(AriaRole.Button, new() { Name = "Fill the book's table" }).ClickAsync();
                await Expect(shot.Locator(".results tbody tr")).ToHaveCountAsync(5, new() { Timeout = Lab.ResultTimeout });
                // The curve's five sizes, and the two ends of the book's Task F1 level it is compared with.
                await Expect(shot.Locator(".figure-chart .scatterlayer .point")).ToHaveCountAsync(7);
            });
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await student.CloseAsync();
        }
    }

    [Fact]
    public async Task A_train_size_comes_back_with_the_same_scores_after_a_reload()
    {
        var page = await lab.OpenAsync("/medium/limited-data?train=700&test=120&seed=5");
        try
        {
            await Lab.ExpectResultAsync(Row(page, "700"));
            await page.GetByLabel("Training reviews").FillAsync("250");
            var moved = Row(page, "250");
            await Expect(moved).ToHaveCountAsync(1, new() { Timeout = Lab.ResultTimeout });
            await Expect(page).ToHaveURLAsync(new Regex("[?&]train=250&test=120&seed=5(&|$)"));
            var cells = await moved.Locator("td").AllInnerTextsAsync();
            var examples = await page.Locator(".examples tbody tr").AllInnerTextsAsync();

            await Lab.ReloadAsync(page);

            await Expect(moved).ToHaveCountAsync(1, new() { Timeout = Lab.ResultTimeout });
            await Expect(page.GetByLabel("Training reviews")).ToHaveValueAsync("250");
            Assert.Equal(cells, await moved.Locator("td").AllInnerTextsAsync());
            Assert.Equal(["250", "120 · seed 5 · minilm"], new[] { cells[0], cells[5] });
            Assert.Equal(examples, await page.Locator(".examples tbody tr").AllInnerTextsAsync());
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static ILocator Row(IPage page, string trainSize) =>
        page.Locator(".results tbody tr").Filter(new() { Has = page.Locator($"td:first-child:text-is('{trainSize}')") });
}
