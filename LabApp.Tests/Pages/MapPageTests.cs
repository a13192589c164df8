using Bunit;
using LabApp.Components.Pages.Map;
using LabApp.Components.UI;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace LabApp.Tests.Pages;

/// <summary>The embedding map page: its state in the student's workbook, and where the texts of the placed stars go.</summary>
public sealed class MapPageTests : PageTests
{
    [Fact]
    public async Task The_colouring_and_the_typed_review_come_back_from_the_workbook_in_a_new_circuit()
    {
        const string Review = "A dazzling, heartfelt film I will watch again and again.";
        await using (var first = new SameBrowser(Workbooks))
        {
            var page = first.Open<EmbeddingMapPage>("map?colour=correctness");
            await page.InvokeAsync(() => page.Find(".own-review input").Input(Review));
        }

        await using var again = new SameBrowser(Workbooks);
        var reopened = again.Open<EmbeddingMapPage>("map");

        reopened.WaitForAssertion(() => Assert.Equal(Review, reopened.Find(".own-review input").GetAttribute("value")), Patience);
        Assert.Contains("colour=correctness", again.Url);
        Assert.Contains("review=A%20dazzling", again.Url);
    }

    [Fact]
    public async Task The_two_label_descriptions_texts_point_away_from_each_other()
    {
        var runner = new EmbeddingMapRunner(SharedModel.Lab);
        var map = await runner.MapAsync(ModelCatalog.MiniLmId);
        var places = await runner.PlaceAsync(map, ZeroShotExperiment.BookLabels);
        // The book's two descriptions differ by one word: on the map their stars are neighbours, one above the other.
        var (upper, lower) = places[0].Y > places[1].Y ? (0, 1) : (1, 0);

        var figure = Figure.EmbeddingMap(map, MapColouring.TrueLabel, SharedData.Load("test"),
            [.. ZeroShotExperiment.BookLabels.Select((label, i) => ("label description", label, places[i].X, places[i].Y))]);

        var stars = figure.Traces.OfType<Scatter>().Single(t => t.Name == "label description");
        Assert.Equal(TextPositionEnum.TopCenter, stars.TextPositionArray[upper]);
        Assert.Equal(TextPositionEnum.BottomCenter, stars.TextPositionArray[lower]);
    }

    [Fact]
    public async Task Texts_of_stars_on_one_spot_take_both_sides_and_a_star_beside_another_takes_its_outer_side()
    {
        var map = await new EmbeddingMapRunner(SharedModel.Lab).MapAsync(ModelCatalog.MiniLmId);

        var figure = Figure.EmbeddingMap(map, MapColouring.TrueLabel, SharedData.Load("test"),
            [("label description", "A", 0.1, 0.1), ("label description", "B", 0.1, 0.1), ("your review", "C", 0.3, 0.1)]);

        var stars = figure.Traces.OfType<Scatter>().Single(t => t.Name == "label description");
        Assert.Equal([TextPositionEnum.TopCenter, TextPositionEnum.BottomCenter], stars.TextPositionArray);
        Assert.Equal([TextPositionEnum.MiddleRight], figure.Traces.OfType<Scatter>().Single(t => t.Name == "your review").TextPositionArray);
    }
}
