using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LabApp.Services;

/// <summary>
/// The lab's own timings, as <c>System.Diagnostics.Metrics</c> histograms of the meter <c>LabApp</c>, so an instructor
/// can watch a class live with <c>dotnet-counters monitor --counters LabApp -n LabApp</c>. Tagged by page and kind of input
/// (never by student or by what they typed).
/// </summary>
public sealed class LabMetrics
{
    public const string MeterName = "LabApp";

    private readonly Histogram<double> _interaction;
    private readonly Histogram<double> _inference;

    public LabMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _interaction = meter.CreateHistogram<double>("labapp.interaction.duration", "ms",
            "From the server receiving a student's input to the browser showing the render with its result");
        _inference = meter.CreateHistogram<double>("labapp.inference.duration", "ms",
            "A page's work for a result: embedding, scoring, training (cached parts included)");
    }

    public void Interaction(string page, string kind, TimeSpan elapsed) => _interaction.Record(elapsed.TotalMilliseconds, Tags(page, kind));

    public void Inference(string page, string kind, TimeSpan elapsed) => _inference.Record(elapsed.TotalMilliseconds, Tags(page, kind));

    private static TagList Tags(string page, string kind) => new() { { "page", page }, { "kind", kind } };
}
