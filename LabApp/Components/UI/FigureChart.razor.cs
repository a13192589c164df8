using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;

namespace LabApp.Components.UI;

/// <summary>
/// Draws a figure once and brings the same chart to each new figure with plotly's react, never before the first draw
/// has finished and never after the component is gone.
/// </summary>
public sealed partial class FigureChart : IDisposable
{
    // A browser that has not answered by then is busy or gone; the next figure tries again.
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(10);

    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private PlotlyChart? _chart;
    private Figure _shown = Figure.Empty;
    private bool _drawn;
    private bool _updating;
    private bool _disposed;

    [Parameter, EditorRequired] public Figure Figure { get; set; } = Figure.Empty;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The first render's figure is the chart's own first draw (PlotlyChart's newPlot); later ones update it.
        if (firstRender)
            _shown = Figure;
        else
            await UpdateAsync();
    }

    // PlotlyChart calls this once its first draw has finished; a figure that came in meanwhile is drawn now.
    private void FirstDrawn()
    {
        _drawn = true;
        _ = UpdateAsync();
    }

    /// <summary>Brings the chart to the current figure, one react at a time: a newer figure waits for the call under way.</summary>
    private async Task UpdateAsync()
    {
        if (!_drawn || _updating || _chart is null)
            return;
        _updating = true;
        try
        {
            while (!_disposed && !ReferenceEquals(_shown, Figure))
            {
                // PlotlyChart took the figure as its parameters when this component rendered; react draws what it holds.
                var next = Figure;
                using var limit = new CancellationTokenSource(CallLimit);
                await _chart.React(limit.Token);
                _shown = next;
            }
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or OperationCanceledException or ObjectDisposedException)
        {
            // A closed tab has no chart to update, and a busy one gets the next figure; a chart is never worth a circuit.
        }
        finally
        {
            _updating = false;
        }
    }

    public void Dispose() => _disposed = true;
}
