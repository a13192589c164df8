using Bunit;
using LabApp.Components.UI;
using LabApp.Core.Experiments;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LabApp.Tests.Pages;

/// <summary>A confusion-matrix cell opens its reviews: the real logistic regression on 500 train and 200 test reviews.</summary>
public sealed class ConfusionMatrixViewTests : BunitContext, IAsyncLifetime
{
    public ConfusionMatrixViewTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task A_clicked_cell_lists_exactly_its_reviews_and_closing_it_lists_them_all()
    {
        var settings = new ExperimentSettings(TrainSize: 500, TestSize: 200);
        var run = await SharedModel.Lab.RunSupervisedAsync(settings);
        var test = SharedData.Load("test");
        var falsePositives = run.InCell(0, 1);
        Assert.NotEmpty(falsePositives);
        Assert.Equal(run.ConfusionMatrix()[0, 1], falsePositives.Count);

        var view = Render<ConfusionMatrixView>(p => p.Add(c => c.Run, run).Add(c => c.Test, test));
        Assert.Contains("Click a cell", view.Find(".confusion-hint").TextContent);

        // Plotly reports a heatmap cell as [row, column]: row 0 is true negative, column 1 predicted positive.
        var chart = view.FindComponent<FigureChart>();
        await view.InvokeAsync(() => chart.Instance.OnPointClick.InvokeAsync(new FigurePoint(0, [0, 1])));

        Assert.Contains($"true Negative Review · predicted Positive Review: {falsePositives.Count} review", view.Find(".confusion-cell").TextContent);
        var rows = view.FindAll(".prediction-table tbody tr");
        Assert.Equal(Math.Min(10, falsePositives.Count), rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(falsePositives[i].Index.ToString(), rows[i].QuerySelector("td")!.TextContent);
            Assert.Equal(test.Texts[falsePositives[i].Index], rows[i].QuerySelector("td.review")!.TextContent);
        }

        // The chosen cell is outlined on the chart itself.
        Assert.Equal(1, chart.Instance.Figure.Layout.Shapes?.Count);

        await view.InvokeAsync(() => view.Find(".confusion-cell .mud-chip-close-button").Click());
        Assert.Empty(view.FindAll(".confusion-cell"));
        Assert.Equal(10, view.FindAll(".prediction-table tbody tr").Count);
        Assert.Null(chart.Instance.Figure.Layout.Shapes);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
