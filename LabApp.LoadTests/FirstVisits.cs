using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace LabApp.LoadTests;

/// <summary>
/// Every page of the lab opened once by a student who has never been there (a new browser context: a new circuit, no
/// kept state), after the warm start: the milliseconds from the request to the page showing its numbers, that is until
/// the page's own result (a table with rows, a drawn chart) is there and no work is in progress.
/// </summary>
public static class FirstVisits
{
    private const int Limit = 120_000;

    // A page's result is on screen: its progress is gone, and a table has rows or a chart is drawn (or, for a page that
    // needs files it does not have, it says what to fetch).
    private const string Shown = """
        () => document.querySelector('.work-progress') === null
            && (document.querySelector('.mud-table tbody tr, .figure-chart .main-svg, .mud-alert') !== null)
        """;

    // The chat page computes nothing until the student sends: its numbers are its form, ready for a key and a prompt.
    private const string FormShown = "() => document.querySelector('.work-progress') === null && document.querySelector('textarea, .mud-input-control') !== null";

    private static readonly (string Route, string Shown)[] Routes =
    [
        ("", Shown), ("data", Shown), ("supervised", Shown), ("zero-shot", Shown), ("task-specific", Shown), ("generative", Shown), ("llm", FormShown),
        ("medium/custom-labels", Shown), ("medium/limited-data", Shown), ("medium/confidence", Shown), ("medium/failure-analysis", Shown),
        ("checklist", Shown), ("map", Shown), ("compare", Shown), ("log", Shown),
    ];

    public static async Task<FirstVisitReport> RunAsync(IBrowser browser, Uri lab)
    {
        var visits = new List<FirstVisit>();
        foreach (var (route, shown) in Routes)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            var page = await context.NewPageAsync();
            var opened = Stopwatch.StartNew();
            try
            {
                await page.GotoAsync(new Uri(lab, route).AbsoluteUri);
                await page.WaitForFunctionAsync(shown, null, new PageWaitForFunctionOptions { Timeout = Limit, PollingInterval = 20 });
                var alert = await page.EvaluateAsync<string?>("() => document.querySelector('.mud-alert')?.textContent?.trim() ?? null");
                visits.Add(new FirstVisit("/" + route, opened.Elapsed.TotalMilliseconds, alert));
            }
            catch (TimeoutException)
            {
                visits.Add(new FirstVisit("/" + route, null, $"nothing shown within {Limit / 1000} s"));
            }
        }

        return new FirstVisitReport(visits);
    }
}

/// <summary>One page's first visit: milliseconds until it showed its numbers (null: never), and the page's message if it showed one.</summary>
public sealed record FirstVisit(string Route, double? Milliseconds, string? Message);

public sealed record FirstVisitReport(IReadOnlyList<FirstVisit> Visits)
{
    public string ToTable()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{"page",-26} {"shown after ms",14}  message");
        foreach (var visit in Visits)
        {
            var message = visit.Message is { } m ? (m.Length > 90 ? m[..89] + "…" : m) : "";
            text.AppendLine(culture, $"{visit.Route,-26} {(visit.Milliseconds is { } ms ? ms.ToString("0", culture) : "—"),14}  {message}");
        }

        return text.ToString();
    }
}
