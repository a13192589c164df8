using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabApp.LoadTests;

/// <summary>What the students saw, from every browser at once: latencies per kind of interaction, errors, lost circuits, server memory.</summary>
public sealed class Measurements
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double?>> _latencies = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<MemorySample> _memory = new();
    private readonly ConcurrentQueue<BrowserWork> _browsers = new();
    private CpuUse? _cpu;
    private int _reconnectsShown;
    private int _circuitsLost;

    /// <summary>One interaction of <paramref name="kind"/>: milliseconds from the input event to the visible update, null when it never showed.</summary>
    public void Add(string kind, double? milliseconds) => _latencies.GetOrAdd(kind, _ => []).Add(milliseconds);

    public void Error(string message) => _errors.Enqueue(message);

    /// <summary>Blazor's reconnect UI changed state in a student's page: shown (the connection dropped), failed or rejected (the circuit is gone).</summary>
    public void Reconnect(string state)
    {
        if (state == "show")
            Interlocked.Increment(ref _reconnectsShown);
        else if (state is "failed" or "rejected")
            Interlocked.Increment(ref _circuitsLost);
    }

    /// <summary>A protocol student's circuit ended under them: the server faulted it or the connection dropped.</summary>
    public void CircuitLost() => Interlocked.Increment(ref _circuitsLost);

    public void Memory(TimeSpan at, double megabytes) => _memory.Enqueue(new MemorySample(at.TotalSeconds, megabytes));

    public void Cpu(CpuUse use) => _cpu = use;

    public void Browser(BrowserWork work) => _browsers.Enqueue(work);

    public LoadReport Report(LoadSettings settings, int serverCircuitFailures) => new(
        settings.Students,
        settings.Minutes,
        DateTimeOffset.UtcNow,
        _latencies.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => KindReport.Of(k.Key, k.Value)).ToArray(),
        _errors.Count,
        _errors.Distinct().Take(10).ToArray(),
        _reconnectsShown,
        _circuitsLost,
        serverCircuitFailures,
        _memory.ToArray(),
        _cpu,
        _browsers.IsEmpty ? null : _browsers.Aggregate((a, b) => a + b),
        null);

}

/// <summary>
/// Where the machine's CPU went while the students worked: the lab's process, and every process (the students'
/// browsers, the load test itself, anything else running), against what the cores could give.
/// </summary>
public sealed record CpuUse(double? ServerSeconds, double MachineSeconds, double WallSeconds, int Cores)
{
    /// <summary>The load test's own process: the protocol students (or the Playwright driver).</summary>
    public double? LoadTestSeconds { get; init; }

    public double Available => WallSeconds * Cores;
}

/// <summary>Seconds of a browser's main thread (summed over students): every task, and script, layout and style among them.</summary>
public sealed record BrowserWork(double Tasks, double Script, double Layout, double Style)
{
    public static BrowserWork operator +(BrowserWork a, BrowserWork b) =>
        new(a.Tasks + b.Tasks, a.Script + b.Script, a.Layout + b.Layout, a.Style + b.Style);
}

public sealed record MemorySample([property: JsonPropertyName("seconds")] double Seconds, [property: JsonPropertyName("rss_mb")] double ResidentMegabytes);

/// <summary>One kind of interaction: how many, the median, 95th percentile and slowest (nearest rank), and how many never showed.</summary>
public sealed record KindReport(string Kind, int Count, double? P50, double? P95, double? Max, int NotShown)
{
    public static KindReport Of(string kind, IEnumerable<double?> latencies)
    {
        var all = latencies.ToArray();
        var shown = all.OfType<double>().Order().ToArray();
        return new KindReport(kind, all.Length, Rank(shown, 0.50), Rank(shown, 0.95), shown.Length > 0 ? shown[^1] : null, all.Length - shown.Length);
    }

    private static double? Rank(double[] sorted, double quantile) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record LoadReport(
    int Students,
    double Minutes,
    DateTimeOffset Finished,
    IReadOnlyList<KindReport> Interactions,
    int PageErrors,
    IReadOnlyList<string> FirstErrors,
    int ReconnectsShown,
    int CircuitsLost,
    int ServerCircuitFailures,
    IReadOnlyList<MemorySample> Memory,
    CpuUse? Cpu,
    BrowserWork? Browsers,
    FirstVisitReport? FirstVisits)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToTable()
    {
        if (FirstVisits is { } visits)
            return "first visit of each page after the warm start, each by a new student\n\n" + visits.ToTable();
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{Students} students for {Minutes} min, finished {Finished:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(culture, $"{"interaction",-22} {"n",6} {"p50 ms",9} {"p95 ms",9} {"max ms",9} {"not shown",10}");
        foreach (var kind in Interactions)
            text.AppendLine(culture, $"{kind.Kind,-22} {kind.Count,6} {Ms(kind.P50),9} {Ms(kind.P95),9} {Ms(kind.Max),9} {kind.NotShown,10}");
        text.AppendLine();
        text.AppendLine(culture, $"page errors: {PageErrors}");
        foreach (var error in FirstErrors)
            text.AppendLine(culture, $"  {error}");
        text.AppendLine(culture, $"reconnect UI shown: {ReconnectsShown}, circuits lost: {CircuitsLost}, circuits the server ended on an exception: {ServerCircuitFailures}");
        if (Cpu is { } cpu)
        {
            var server = cpu.ServerSeconds is { } s ? string.Create(culture, $"the lab {s:0} s ({s / cpu.Available:0%}), ") : "";
            if (cpu.LoadTestSeconds is { } own)
                server += string.Create(culture, $"the load test {own:0} s ({own / cpu.Available:0%}), ");
            text.AppendLine(culture,
                $"CPU: {cpu.Available:0} core-seconds in {cpu.WallSeconds:0} s on {cpu.Cores} cores; {server}all processes {cpu.MachineSeconds:0} s ({cpu.MachineSeconds / cpu.Available:0%})");
        }

        if (Browsers is { } work)
            text.AppendLine(culture,
                $"browsers' main threads: {work.Tasks:0.0} s, of which script {work.Script:0.0} s, layout {work.Layout:0.0} s, style {work.Style:0.0} s");
        if (Memory.Count > 0)
        {
            text.AppendLine(culture,
                $"server memory (RSS): {Memory[0].ResidentMegabytes:0} MB at {Memory[0].Seconds:0} s, peak {Memory.Max(m => m.ResidentMegabytes):0} MB, {Memory[^1].ResidentMegabytes:0} MB at {Memory[^1].Seconds:0} s");
            text.AppendLine("  " + string.Join("  ", Memory.Where((_, i) => i % Math.Max(1, Memory.Count / 12) == 0).Select(m => string.Create(culture, $"{m.Seconds:0}s:{m.ResidentMegabytes:0}"))));
        }

        return text.ToString();
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "—";
}
