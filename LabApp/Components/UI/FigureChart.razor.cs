using System.Text.Json;
using LabApp.Services;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.Interop;

namespace LabApp.Components.UI;

/// <summary>A point a student clicked: its trace and its place in the trace (a heatmap cell's row and column, a dot's number).</summary>
public sealed record FigurePoint(int Trace, IReadOnlyList<int> Index);

/// <summary>
/// Draws a figure once and brings the same chart to each new figure with plotly's react, never before the first draw
/// has finished and never after the component is gone.
/// </summary>
public sealed partial class FigureChart : IDisposable
{
    // A browser that has not answered by then is busy or gone; the next figure tries again.
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(10);

    /// <summary>Chart text on a projector, in pixels: readable from the back of a classroom.</summary>
    public const int ProjectorFontSize = 18;

    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private PlotlyChart? _chart;
    private Figure _shown = Figure.Empty;
    private Figure? _given;
    private int _dataRevision;
    private bool _drawn;
    private bool _updating;
    private bool _disposed;

    [Parameter, EditorRequired] public Figure Figure { get; set; } = Figure.Empty;

    /// <summary>On the presenter's projector the chart's text is large enough for the back of the room.</summary>
    [CascadingParameter(Name = "Projector")] public bool Projector { get; set; }

    /// <summary>Called with the point a student clicked; the chart listens for clicks only when this is set.</summary>
    [Parameter] public EventCallback<FigurePoint> OnPointClick { get; set; }

    // Plotly.react takes every data array of a new figure as new data and recomputes the whole chart, unless the layout
    // carries a data revision: then it recomputes only when the revision changed. The revision moves whenever the traces
    // differ from the last figure given, so a figure that changes only its layout (a threshold marker, a title) is
    // redrawn without recomputing its traces.
    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Figure, _given))
            return;
        if (_given is not null && !_given.Traces.SequenceEqual(Figure.Traces))
            _dataRevision++;
        Figure.Layout.DataRevision = _dataRevision;
        if (Projector && Figure.Layout.Font?.Size != ProjectorFontSize)
        {
            Figure.Layout.Font = new Plotly.Blazor.LayoutLib.Font { Size = ProjectorFontSize };
            // Figures size their margins for Plotly's 12 px text (a heatmap's row names, slanted column names): grown with it.
            // The chart grows by what its bottom margin grew, so its plot keeps its height.
            if (Figure.Layout.Margin is { } margin)
            {
                var grown = margin.B * (ProjectorFontSize - 12) / 12;
                (margin.L, margin.B) = (margin.L * ProjectorFontSize / 12, margin.B + grown);
                if (Figure.Layout.Height is { } height)
                    Figure.Layout.Height = height + grown;
            }
        }
        _given = Figure;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The first render's figure is the chart's own first draw (PlotlyChart's newPlot); later ones update it.
        if (firstRender)
            _shown = Figure;
        else
            await UpdateAsync();
    }

    // PlotlyChart calls this once its first draw has finished; a figure that came in meanwhile is drawn now. Plotly keeps
    // its click listener through every react, so one subscription serves every later figure.
    private void FirstDrawn() => _ = FirstDrawnAsync();

    private async Task FirstDrawnAsync()
    {
        _drawn = true;
        if (OnPointClick.HasDelegate && _chart is not null)
        {
            // Without the listener the chart still shows everything; the page's lists stay the way in.
            var chart = _chart;
            await BrowserCall.RunWithinAsync(() => chart.SubscribeClickEvent(), TimeProvider.System, CallLimit);
        }

        await UpdateAsync();
    }

    // Plotly sends the point's number as it keeps it: a number for a dot, [row, column] for a heatmap cell.
    private void Clicked(IEnumerable<EventDataPoint> points)
    {
        if (_disposed || points.FirstOrDefault() is not { } point || IndexOf(point.CurveNumber) is not [var trace] || IndexOf(point.PointIndex) is not { Count: > 0 } index)
            return;
        _ = OnPointClick.InvokeAsync(new FigurePoint(trace, index));
    }

    private static IReadOnlyList<int>? IndexOf(object? index) => index switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } number => [number.GetInt32()],
        JsonElement { ValueKind: JsonValueKind.Array } array when array.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number) =>
            array.EnumerateArray().Select(e => e.GetInt32()).ToArray(),
        int number => [number],
        _ => null,
    };

    /// <summary>Brings the chart to the current figure, one react at a time: a newer figure waits for the call under way.</summary>
    private async Task UpdateAsync()
    {
        if (!_drawn || _updating || _chart is null)
            return;
        _updating = true;
        var chart = _chart;
        try
        {
            while (!_disposed && !ReferenceEquals(_shown, Figure))
            {
                // PlotlyChart took the figure as its parameters when this component rendered; react draws what it holds.
                // A figure equal to the one shown (a page rebuilds its figures on every input) asks the browser nothing.
                // A closed tab has no chart to update, and a busy one gets the next figure; a chart is never worth a circuit.
                // A figure whose traces did not change (a dragged threshold moves only its marker, a layout shape) is
                // relaid out: the browser is sent the layout alone, not every trace again.
                var next = Figure;
                Func<Task> draw = _shown.Traces.SequenceEqual(next.Traces) ? () => chart.Relayout() : () => chart.React();
                if (!Shows(next) && !await BrowserCall.RunWithinAsync(draw, TimeProvider.System, CallLimit))
                    return;
                _shown = next;
            }
        }
        finally
        {
            _updating = false;
        }
    }

    private bool Shows(Figure figure) => _shown.Traces.SequenceEqual(figure.Traces) && _shown.Layout.Equals(figure.Layout);

    public void Dispose() => _disposed = true;
}
