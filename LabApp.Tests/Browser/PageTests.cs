using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabApp.Tests.Browser;

/// <summary>
/// Every page of the lab opens over the real data and model, shows its heading and what it computes, and never
/// trips Blazor's error UI. The screenshot is taken once the results are on screen, so it shows the page as a student sees it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageTests(BrowserFixture lab)
{
    public static TheoryData<string, string, string[]> Pages { get; } = new()
    {
        { "/", "Text classification lab", [".splits tbody tr"] },
        { "/data", "The reviews", [".reviews tbody tr", ".js-plotly-plot g.xtick text"] },
        // Supervised and zero-shot show one classification report per method once the whole test split is scored,
        // with the accuracy row of scikit-learn's binary report.
        { "/supervised", "Embeddings + a classifier", [".report-table >> nth=1 >> tr:has(td:text-is('accuracy'))"] },
        { "/zero-shot", "Zero-shot classification", [".report-table tr:has(td:text-is('accuracy'))"] },
        // These chapters' models are not on this machine and the hub cannot be reached: the page says so and where the files go.
        { "/task-specific", "A task-specific model", [".hub-unreachable", ".manual-placement"] },
        { "/generative", "A generative model: Flan-T5", [".hub-unreachable", ".manual-placement"] },
        { "/llm", "An LLM through a chat API", [".base-url", ".template"] },
        { "/medium/custom-labels", "Custom labels", [".figure-chart >> nth=0 >> g.xtick text", "table:has(th:text-is('1st label')) tbody tr"] },
        { "/medium/limited-data", "Limited data", [".results tbody tr", ".figure-chart g.xtick text"] },
        { "/medium/confidence", "Confidence: let zero-shot abstain", ["text=Per review at threshold", "text=The same on the real test split", ".figure-chart g.xtick text"] },
        { "/medium/failure-analysis", "Failure analysis", ["text=High-confidence errors", ".edge-accuracy h5", ".figure-chart g.xtick text"] },
        { "/log", "Run log", [".run-log"] },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_shows_its_heading_and_results_without_the_error_ui(string route, string heading, string[] results)
    {
        var page = await lab.OpenAsync(route);
        try
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
            foreach (var result in results)
                await Lab.ExpectResultAsync(page.Locator(result));
            // Checked after the results: an exception while computing them is what would show the error UI.
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await BrowserFixture.ScreenshotAsync(page, Lab.ScreenshotName(route));
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
