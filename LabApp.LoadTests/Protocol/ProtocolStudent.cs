using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace LabApp.LoadTests.Protocol;

/// <summary>
/// One student without a browser: their own cookies and one circuit, touring the medium pages as
/// <see cref="SimulatedStudent"/> does (the same drags, steps, keystrokes, sizes and pauses, the same texts awaited),
/// each interaction timed from the event sent to the render batch (or chart draw) that shows its result.
/// </summary>
public sealed class ProtocolStudent(Uri lab, Measurements measurements, int number, double pauseScale = 1, Action<long, byte[]>? record = null)
{
    private static readonly TimeSpan InteractionTimeout = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan FirstResultTimeout = TimeSpan.FromSeconds(180);
    private const int FrameMs = 16;
    private const int KeystrokeMs = 90;
    private static readonly int[] BookSizes = [100, 500, 1000, 2000, 5000];

    private readonly Random _random = new(number);
    private readonly HashSet<int> _trainedSizes = [1000];
    private int _edits;

    /// <summary>Tours the pages until <paramref name="until"/>, or for <paramref name="visits"/> pages.</summary>
    public async Task RunAsync(DateTime until, int visits = int.MaxValue)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { Timeout = FirstResultTimeout };
        (string Route, Func<BlazorCircuit, DateTime, Task> Visit, Func<BlazorCircuit, RenderedTree, bool> Ready)[] tour =
        [
            ("medium/confidence", ConfidenceAsync, (_, page) => Headings(page).Any(h => h.StartsWith("Per review at threshold", StringComparison.Ordinal))),
            ("medium/failure-analysis", FailureAnalysisAsync, (_, page) => ConfidentCounts(page).Any()),
            ("medium/custom-labels", CustomLabelsAsync, (circuit, _) => circuit.Charts.Count > 0),
            ("medium/limited-data", LimitedDataAsync, (_, page) => Headings(page).Any(h => h.Contains("after training on", StringComparison.Ordinal))),
        ];
        BlazorCircuit? circuit = null;
        try
        {
            for (var visited = 0; visited < visits && DateTime.UtcNow < until; visited++)
            {
                var (route, visit, ready) = tour[visited % tour.Length];
                try
                {
                    var opened = Stopwatch.StartNew();
                    if (circuit is null)
                        circuit = await BlazorCircuit.OpenAsync(http, cookies, lab, route, measurements.Error, record);
                    else
                        await circuit.NavigateAsync(route);
                    var page = circuit;
                    if (!await circuit.WaitForAsync(tree => ready(page, tree), FirstResultTimeout))
                        throw new TimeoutException($"{route} showed no result within {FirstResultTimeout.TotalSeconds} s");
                    measurements.Add($"open {route["medium/".Length..]}", opened.Elapsed.TotalMilliseconds);
                    await visit(circuit, until);
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or HubException or IOException or OperationCanceledException)
                {
                    measurements.Error($"student {number} on {route}: {e.Message.Split('\n', 2)[0]}");
                }

                if (circuit is { Lost: true })
                {
                    measurements.CircuitLost();
                    await circuit.DisposeAsync();
                    circuit = null;
                }
            }
        }
        finally
        {
            if (circuit is not null)
                await circuit.DisposeAsync();
        }
    }

    private Task ConfidenceAsync(BlazorCircuit circuit, DateTime until) =>
        SliderAsync(circuit, "threshold", (page, v) => Headings(page).Contains("Per review at threshold " + Text(Number(v))), min: 0, max: 0.5, step: 0.01, until);

    private Task FailureAnalysisAsync(BlazorCircuit circuit, DateTime until) =>
        SliderAsync(circuit, "cut", (page, v) =>
        {
            var shown = $"(confidence > {Math.Round(Number(v), 2).ToString(CultureInfo.InvariantCulture)})";
            return ConfidentCounts(page).Any(e => e.Text.Contains(shown, StringComparison.Ordinal));
        }, min: 0.5, max: 1, step: 0.01, until);

    // One drag of ten frames, then five arrow steps, each a student's pause apart.
    private async Task SliderAsync(BlazorCircuit circuit, string kind, Func<RenderedTree, string, bool> shows, double min, double max, double step, DateTime until)
    {
        var slider = Slider(circuit);
        var at = Number(circuit.Read(_ => slider["value"]) ?? throw new InvalidOperationException("The slider has no value."));
        var direction = at + 10 * step > max ? -1 : 1;
        var drag = Enumerable.Range(1, 10).Select(i => Math.Round(at + direction * i * step, 2)).ToArray();
        foreach (var latency in await circuit.SetValuesAsync(slider, drag.Select(Text).ToArray(), FrameMs, shows, InteractionTimeout))
            measurements.Add($"{kind} drag", latency);
        at = drag[^1];
        for (var i = 0; i < 5 && DateTime.UtcNow < until; i++)
        {
            await PauseAsync();
            var next = Math.Round(at + (at + step > max ? -step : at - step < min ? step : _random.Next(2) == 0 ? -step : step), 2);
            measurements.Add($"{kind} step", (await circuit.SetValuesAsync(Slider(circuit), [Text(next)], 0, shows, InteractionTimeout))[0]);
            at = next;
        }
    }

    // Types a new ending to label 1, keystroke by keystroke: the result needs the new label's embedding, and shows as
    // the label on the heatmap's axis, that is in the figure plotly is asked to draw.
    private async Task CustomLabelsAsync(BlazorCircuit circuit, DateTime until)
    {
        for (var i = 0; i < 2 && DateTime.UtcNow < until; i++)
        {
            await PauseAsync();
            var field = circuit.Read(page => FieldLabelled(page, "Label 1"));
            var text = circuit.Read(_ => field["value"]) ?? "";
            var stem = text.Contains(" #", StringComparison.Ordinal) ? text[..text.IndexOf(" #", StringComparison.Ordinal)] : text;
            var typed = $" #{number}.{++_edits}";
            var keystrokes = Enumerable.Range(1, typed.Length).Select(n => stem + typed[..n]).ToArray();
            var latencies = await circuit.SetValuesAsync(field, keystrokes, KeystrokeMs, (_, label) => ChartShows(circuit, label), InteractionTimeout);
            measurements.Add("label edit", latencies[^1]);
        }
    }

    // The slider over the book's sizes: a size trained before is a row of the student's table, a new one is trained.
    private async Task LimitedDataAsync(BlazorCircuit circuit, DateTime until)
    {
        var at = (int)Number(circuit.Read(_ => Slider(circuit)["value"]) ?? "2");
        for (var i = 0; i < 3 && DateTime.UtcNow < until; i++)
        {
            await PauseAsync();
            var next = (at + 1 + _random.Next(BookSizes.Length - 1)) % BookSizes.Length;
            var kind = _trainedSizes.Add(BookSizes[next]) ? "train size (new)" : "train size (trained)";
            var shows = (RenderedTree page, string v) => Headings(page).Any(h => EndsWithNumber(h, "after training on ", BookSizes[int.Parse(v, CultureInfo.InvariantCulture)]));
            measurements.Add(kind, (await circuit.SetValuesAsync(Slider(circuit), [next.ToString(CultureInfo.InvariantCulture)], 0, shows, InteractionTimeout))[0]);
            at = next;
        }
    }

    internal static ElementNode Slider(BlazorCircuit circuit) =>
        circuit.Read(page => page.ElementsNamed("input").FirstOrDefault(e => e["type"] == "range"))
        ?? throw new InvalidOperationException("The page has no slider.");

    // As Playwright's GetByLabel: the label element with exactly this text names its input by id.
    private static ElementNode FieldLabelled(RenderedTree page, string label)
    {
        var id = page.ElementsNamed("label").FirstOrDefault(e => e.Text.Trim() == label)?["for"]
            ?? throw new InvalidOperationException($"The page has no field labelled '{label}'.");
        return page.ElementsNamed("input").FirstOrDefault(e => e["id"] == id) ?? throw new InvalidOperationException($"The field labelled '{label}' is missing.");
    }

    private static bool ChartShows(BlazorCircuit circuit, string label)
    {
        var quoted = JsonSerializer.Serialize(label);
        return circuit.Charts.Any(c => c.Contains(quoted, StringComparison.Ordinal) || c.Contains('"' + label + '"', StringComparison.Ordinal));
    }

    internal static IEnumerable<string> Headings(RenderedTree page) => page.ElementsNamed("h6").Select(e => e.Text.Trim());

    // The failure analysis's count of confident errors, a MudText paragraph.
    private static IEnumerable<ElementNode> ConfidentCounts(RenderedTree page) => page.ElementsNamed("p").Where(e => e.HasClass("confident-count"));

    private static bool EndsWithNumber(string text, string prefix, int number)
    {
        var at = text.LastIndexOf(prefix, StringComparison.Ordinal);
        return at >= 0 && new string(text[(at + prefix.Length)..].Where(char.IsAsciiDigit).ToArray()) == number.ToString(CultureInfo.InvariantCulture);
    }

    // A student looks at the result before the next move (the tour's pace; slower with a pause scale above 1).
    private Task PauseAsync() => Task.Delay(TimeSpan.FromMilliseconds((200 + _random.Next(400)) * pauseScale));

    internal static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    internal static string Text(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
