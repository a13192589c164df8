using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace LabApp.LoadTests;

/// <summary>
/// One student in a browser of their own (a Playwright context: their own cookies, so their own state and run log),
/// touring the medium pages until the deadline: threshold drags and arrow steps on /medium/confidence, the
/// high-confidence cut on /medium/failure-analysis, label edits typed on /medium/custom-labels, the book's training
/// sizes on /medium/limited-data. Every interaction is timed in the page, from the input event to the visible result.
/// </summary>
public sealed class SimulatedStudent(IBrowser browser, Uri lab, Measurements measurements, int number)
{
    private const int InteractionTimeout = 30_000;
    private const int FirstResultTimeout = 180_000;
    private const int FrameMs = 16;
    private const int KeystrokeMs = 90;
    private static readonly int[] BookSizes = [100, 500, 1000, 2000, 5000];
    private static readonly string Probe = Path.Combine(AppContext.BaseDirectory, "probe.js");

    private readonly Random _random = new(number);
    private readonly HashSet<int> _trainedSizes = [1000];
    private int _edits;

    /// <summary>Tours the pages until <paramref name="until"/>, or for <paramref name="visits"/> pages.</summary>
    public async Task RunAsync(DateTime until, int visits = int.MaxValue)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await context.ExposeFunctionAsync<string>("loadTestReconnect", state => measurements.Reconnect(state));
        await context.AddInitScriptAsync(scriptPath: Probe);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(FirstResultTimeout);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                measurements.Error($"console on {new Uri(page.Url).AbsolutePath}: {FirstLine(message.Text)} ({message.Location})");
        };
        page.PageError += (_, error) => measurements.Error($"pageerror on {new Uri(page.Url).AbsolutePath}: {FirstLine(error)}");

        (string Route, Func<IPage, DateTime, Task> Visit, string Ready)[] tour =
        [
            ("medium/confidence", ConfidenceAsync, "() => loadTest.textContains('h6', 'Per review at threshold')"),
            ("medium/failure-analysis", FailureAnalysisAsync, "() => document.querySelector('.confident-count') !== null"),
            ("medium/custom-labels", CustomLabelsAsync, "() => document.querySelector('.figure-chart g.xtick text') !== null"),
            ("medium/limited-data", LimitedDataAsync, "() => loadTest.textContains('h6', 'after training on')"),
        ];
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("Performance.enable");
        var loaded = false;
        for (var visited = 0; visited < visits && DateTime.UtcNow < until; visited++)
        {
            var (route, visit, ready) = tour[visited % tour.Length];
            try
            {
                var opened = Stopwatch.StartNew();
                if (loaded)
                    await page.EvaluateAsync("route => Blazor.navigateTo(route)", "/" + route);
                else
                    await page.GotoAsync(new Uri(lab, route).AbsoluteUri);
                loaded = true;
                await page.WaitForFunctionAsync(ready, null, new PageWaitForFunctionOptions { Timeout = FirstResultTimeout, PollingInterval = 20 });
                measurements.Add($"open {route["medium/".Length..]}", opened.Elapsed.TotalMilliseconds);
                await visit(page, until);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                measurements.Error($"student {number} on {route}: {FirstLine(e.Message)}");
                loaded = false;
            }
        }

        measurements.Browser(await BrowserWorkAsync(devTools));
    }

    // Chromium's own account of its main thread for this student's page: all its tasks, and the script, layout and
    // style work among them, in seconds since Performance.enable.
    private static async Task<BrowserWork> BrowserWorkAsync(ICDPSession devTools)
    {
        var answer = await devTools.SendAsync("Performance.getMetrics");
        var metrics = answer?.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble()) ?? [];
        double Of(string name) => metrics.GetValueOrDefault(name);
        return new BrowserWork(Of("TaskDuration"), Of("ScriptDuration"), Of("LayoutDuration"), Of("RecalcStyleDuration"));
    }

    private async Task ConfidenceAsync(IPage page, DateTime until)
    {
        var slider = page.Locator("input[type=range]");
        const string shows = "v => loadTest.headingIs('Per review at threshold ' + Number(v).toFixed(2))";
        await SliderAsync(slider, "threshold", shows, min: 0, max: 0.5, step: 0.01, until);
    }

    private async Task FailureAnalysisAsync(IPage page, DateTime until)
    {
        var slider = page.Locator("input[type=range]");
        const string shows = "v => loadTest.textContains('.confident-count', '(confidence > ' + String(Number(Number(v).toFixed(2))) + ')')";
        await SliderAsync(slider, "cut", shows, min: 0.5, max: 1, step: 0.01, until);
    }

    // One drag of ten frames, then five arrow steps, each a student's pause apart.
    private async Task SliderAsync(ILocator slider, string kind, string shows, double min, double max, double step, DateTime until)
    {
        var at = double.Parse(await slider.InputValueAsync(), CultureInfo.InvariantCulture);
        var direction = at + 10 * step > max ? -1 : 1;
        var drag = Enumerable.Range(1, 10).Select(i => Math.Round(at + direction * i * step, 2)).ToArray();
        foreach (var latency in await MeasureAsync(slider, drag.Select(Text).ToArray(), FrameMs, shows))
            measurements.Add($"{kind} drag", latency);
        at = drag[^1];
        for (var i = 0; i < 5 && DateTime.UtcNow < until; i++)
        {
            await PauseAsync();
            var next = Math.Round(at + (at + step > max ? -step : at - step < min ? step : _random.Next(2) == 0 ? -step : step), 2);
            measurements.Add($"{kind} step", (await MeasureAsync(slider, [Text(next)], 0, shows))[0]);
            at = next;
        }
    }

    // Types a new ending to label 1, keystroke by keystroke: the result needs the new label's embedding.
    private async Task CustomLabelsAsync(IPage page, DateTime until)
    {
        var field = page.GetByLabel("Label 1", new PageGetByLabelOptions { Exact = true });
        for (var i = 0; i < 2 && DateTime.UtcNow < until; i++)
        {
            await PauseAsync();
            var text = await field.InputValueAsync();
            var stem = text.Contains(" #", StringComparison.Ordinal) ? text[..text.IndexOf(" #", StringComparison.Ordinal)] : text;
            var typed = $" #{number}.{++_edits}";
            var keystrokes = Enumerable.Range(1, typed.Length).Select(n => stem + typed[..n]).ToArray();
            var latencies = await MeasureAsync(field, keystrokes, KeystrokeMs, "v => loadTest.chartTickIs(v)");
            measurements.Add("label edit", latencies[^1]);
        }
    }

    // The slider over the book's sizes: a size trained before is a row of the student's table, a new one is trained.
    private async Task LimitedDataAsync(IPage page, DateTime until)
    {
        var slider = page.Locator("input[type=range]");
        const string shows = "v => loadTest.headingEndsWithNumber('after training on ', [100, 500, 1000, 2000, 5000][Number(v)])";
        var at = int.Parse(await slider.InputValueAsync(), CultureInfo.InvariantCulture);
        for (var i = 0; i < 3 && DateTime.UtcNow < until; i++)
        {
            await PauseAsync();
            var next = (at + 1 + _random.Next(BookSizes.Length - 1)) % BookSizes.Length;
            var kind = _trainedSizes.Add(BookSizes[next]) ? "train size (new)" : "train size (trained)";
            measurements.Add(kind, (await MeasureAsync(slider, [next.ToString(CultureInfo.InvariantCulture)], 0, shows))[0]);
            at = next;
        }
    }

    private static async Task<double?[]> MeasureAsync(ILocator element, string[] values, int gapMs, string shows) =>
        await element.EvaluateAsync<double?[]>(
            $"(el, a) => loadTest.measure(el, a.values, a.gap, a.timeout, {shows})",
            new { values, gap = gapMs, timeout = InteractionTimeout });

    // A student looks at the result before the next move.
    private Task PauseAsync() => Task.Delay(200 + _random.Next(400));

    private static string Text(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string FirstLine(string text) => text.Split('\n', 2)[0];
}
