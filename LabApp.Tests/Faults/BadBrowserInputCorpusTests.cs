using LabApp.Core.Data;
using LabApp.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Faults;

/// <summary>
/// The corpus's web inputs that only a real browser and server show: a pasted review larger than SignalR's default
/// message reaches the page (the connection stays up and the page answers with the review's length), an over-long one
/// gets the page's message (the field stops a paste one character past the limit).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BadBrowserInputCorpusTests(BrowserFixture lab)
{
    [Theory]
    // 40 KB, 60 KB and 120 KB as UTF-8: each past SignalR's default 32 KB message.
    [InlineData(40_000, "a ")]
    [InlineData(40_000, "é ")]
    [InlineData(40_000, "好")]
    public async Task A_long_pasted_review_reaches_the_page_and_the_connection_stays(int length, string unit)
    {
        var page = await lab.OpenAsync("/medium/custom-labels");
        try
        {
            await ReadyAsync(page);
            var review = string.Concat(Enumerable.Repeat(unit, length / unit.Length));
            // The field sends its text when it loses the focus, as a student's paste and click elsewhere does.
            await page.GetByLabel("Review 1", new() { Exact = true }).FillAsync(review);
            await page.GetByLabel("Review 1", new() { Exact = true }).BlurAsync();

            await Expect(page.GetByText($"Long review ({review.Length:N0} characters)")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await Expect(page.Locator("#components-reconnect-modal.components-reconnect-show")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task A_review_past_the_limit_gets_the_pages_message_and_the_connection_stays()
    {
        var page = await lab.OpenAsync("/medium/custom-labels");
        try
        {
            await ReadyAsync(page);
            await page.GetByLabel("Review 1", new() { Exact = true }).FillAsync(new string('a', 3 * TypedText.MaxCharacters));
            await page.GetByLabel("Review 1", new() { Exact = true }).BlurAsync();

            await Expect(page.GetByText($"Review 1 has more than {TypedText.MaxCharacters:N0} characters: shorten it.")).ToBeVisibleAsync();
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    // The page has shown the book's reviews' choices: it is interactive, and what is typed now is not replaced by them.
    private static Task ReadyAsync(Microsoft.Playwright.IPage page) =>
        Expect(page.Locator("table:has(th:text-is('1st label')) tbody tr")).ToHaveCountAsync(8, new() { Timeout = Lab.ResultTimeout });
}
