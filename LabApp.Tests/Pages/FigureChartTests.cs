using Bunit;
using LabApp.Components.UI;

namespace LabApp.Tests.Pages;

/// <summary>
/// A chart drawn once and updated in place: plotly's newPlot for the first figure, react for every later one, on the
/// same element. Plotly.Blazor's own JavaScript module is answered by bUnit, which records each call.
/// </summary>
public sealed class FigureChartTests : BunitContext
{
    private const string Module = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";

    private readonly BunitJSModuleInterop _plotly;

    public FigureChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        _plotly = JSInterop.SetupModule(Module);
        _plotly.Mode = JSRuntimeMode.Loose;
    }

    private static Figure Matrix(int correct) =>
        Figure.ConfusionMatrix(new[,] { { correct, 10 - correct }, { 3, 7 } }, ["Negative Review", "Positive Review"]);

    private static Figure Curves(double threshold, double lastCoverage) => Figure.Lines("t", "threshold", "share",
        [("coverage", [0.0, 0.1, 0.2], [1.0, 0.5, lastCoverage])], 0, 1, marker: ($"threshold {threshold:0.00}", threshold));

    [Fact]
    public void A_new_figure_updates_the_chart_drawn_first_and_never_draws_a_new_one()
    {
        var chart = Render<FigureChart>(p => p.Add(c => c.Figure, Matrix(6)));
        chart.WaitForAssertion(() => Assert.Single(_plotly.Invocations["newPlot"]));
        var id = chart.Find(".figure-chart > div").Id;

        chart.Render(p => p.Add(c => c.Figure, Matrix(7)));
        chart.Render(p => p.Add(c => c.Figure, Matrix(8)));

        chart.WaitForAssertion(() => Assert.Equal(2, _plotly.Invocations["react"].Count));
        Assert.Single(_plotly.Invocations["newPlot"]);
        Assert.Equal(id, chart.Find(".figure-chart > div").Id);
        // Each react carries the chart's id and the figure it holds: the last one the newest counts.
        var last = _plotly.Invocations["react"][^1];
        Assert.Equal(id, last.Arguments[0]);
        Assert.Contains("[[8,2],[3,7]]", System.Text.Json.JsonSerializer.Serialize(last.Arguments[1]));
    }

    [Fact]
    public void The_same_figure_again_asks_the_browser_nothing()
    {
        var figure = Matrix(6);
        var chart = Render<FigureChart>(p => p.Add(c => c.Figure, figure));
        chart.WaitForAssertion(() => Assert.Single(_plotly.Invocations["newPlot"]));

        chart.Render(p => p.Add(c => c.Figure, figure));

        Assert.Empty(_plotly.Invocations["react"]);
    }

    [Fact]
    public void An_equal_figure_built_again_asks_the_browser_nothing()
    {
        var chart = Render<FigureChart>(p => p.Add(c => c.Figure, Curves(0.1, 0.2)));
        chart.WaitForAssertion(() => Assert.Single(_plotly.Invocations["newPlot"]));

        chart.Render(p => p.Add(c => c.Figure, Curves(0.1, 0.2)));
        chart.Render(p => p.Add(c => c.Figure, Curves(0.1, 0.3)));

        // Only the second, whose coverage differs, reaches the browser.
        chart.WaitForAssertion(() => Assert.Single(_plotly.Invocations["react"]));
        Assert.Contains("0.3", System.Text.Json.JsonSerializer.Serialize(_plotly.Invocations["react"][0].Arguments[1]));
    }

    [Fact]
    public void A_moved_marker_keeps_the_data_revision_and_new_lines_move_it()
    {
        var first = Curves(0.1, 0.2);
        var chart = Render<FigureChart>(p => p.Add(c => c.Figure, first));
        chart.WaitForAssertion(() => Assert.Single(_plotly.Invocations["newPlot"]));

        // A moved marker is a new layout only: the browser is sent the layout (relayout), not the lines again.
        var moved = Curves(0.15, 0.2);
        chart.Render(p => p.Add(c => c.Figure, moved));
        chart.WaitForAssertion(() => Assert.Single(_plotly.Invocations["relayout"]));
        Assert.Empty(_plotly.Invocations["react"]);
        var changed = Curves(0.15, 0.3);
        chart.Render(p => p.Add(c => c.Figure, changed));
        chart.WaitForAssertion(() => Assert.Single(_plotly.Invocations["react"]));

        // Plotly recomputes a chart's lines only when the revision changed: not for the marker, for the new coverage.
        Assert.Equal(first.Layout.DataRevision, moved.Layout.DataRevision);
        Assert.NotEqual(moved.Layout.DataRevision, changed.Layout.DataRevision);
        var marker = Assert.Single(moved.Layout.Shapes);
        Assert.Equal(("threshold 0.15", 0.15), (marker.Label.Text, (double)marker.X0));
    }

    [Fact]
    public void A_chart_listens_for_clicks_only_when_the_page_takes_them()
    {
        var listening = Render<FigureChart>(p => p.Add(c => c.Figure, Matrix(6)).Add(c => c.OnPointClick, (FigurePoint _) => { }));
        listening.WaitForAssertion(() => Assert.Single(_plotly.Invocations["subscribeClickEvent"]));
        Assert.Contains("clickable", listening.Find(".figure-chart").ClassName);

        var still = Render<FigureChart>(p => p.Add(c => c.Figure, Matrix(7)));
        still.WaitForAssertion(() => Assert.Equal(2, _plotly.Invocations["newPlot"].Count));

        Assert.Single(_plotly.Invocations["subscribeClickEvent"]);
        Assert.DoesNotContain("clickable", still.Find(".figure-chart").ClassName);
    }
}
