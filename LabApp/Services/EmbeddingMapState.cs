using LabApp.Components.UI;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>/map as the student's workbook keeps it: the model, what the colours say, the review they typed and the review they opened.</summary>
public sealed record EmbeddingMapWork(string? Model = null, MapColouring Colouring = MapColouring.TrueLabel, string? Review = null, int? Opened = null);

/// <summary>The texts placed on the map: the zero-shot page's label descriptions and the student's own review, if any.</summary>
public sealed record MapTexts(IReadOnlyList<string> Labels, string? Review)
{
    public string[] All => Review is { } review ? [.. Labels, review] : [.. Labels];
}

/// <summary>
/// /map as one student left it (<c>?model=minilm&amp;colour=correctness&amp;review=…&amp;row=12</c>), the map last shown and
/// the texts placed on it, drawn as one figure.
/// </summary>
public sealed class EmbeddingMapState : IPageState<EmbeddingMapWork>
{
    private static readonly IReadOnlyList<string> Colourings = ["true", "prediction", "correctness"];

    public string Route => "/map";

    public string Model { get; private set; } = EmbeddingModels.Default;

    public MapColouring Colouring { get; private set; } = MapColouring.TrueLabel;

    /// <summary>A review of the student's own, placed on the map (embedded in memory, never in the embedding cache).</summary>
    public string Review { get; private set; } = "";

    /// <summary>The test split row of the review opened beside the map.</summary>
    public int? Opened { get; private set; }

    public string? ModelProblem { get; private set; }

    public string? ColourProblem { get; private set; }

    public string? RowProblem { get; private set; }

    public EmbeddingMap? Map { get; private set; }

    /// <summary>The test split, whose texts the map's points and the opened review show.</summary>
    public ReviewSplit? Test { get; private set; }

    /// <summary>The label descriptions and the student's review, where they fall on <see cref="Map"/>.</summary>
    public IReadOnlyList<(string Kind, string Text, double X, double Y)> Placed { get; private set; } = [];

    public Figure Figure { get; private set; } = Figure.Empty;

    /// <summary>Whether the map shown is not the chosen model's (or there is none yet).</summary>
    public bool NeedsMap => Map is null || Map.ModelId != ModelCatalog.Find(Model).Id;

    public EmbeddingMapWork Work => new(Model, Colouring, Review, Opened);

    public IReadOnlyList<(string Name, object? Value)> Settings => [("model", Model), ("colour", Colourings[(int)Colouring]), ("row", Opened)];

    public IReadOnlyList<(string Name, object? Value)> Lists => [("review", Review.Length == 0 ? null : Review)];

    /// <summary>Another model: its map is another, and no review is open on it.</summary>
    public void ChooseModel(string model) => (Model, ModelProblem, Opened, RowProblem) = (model, null, null, null);

    // The colours only re-read the map: it is redrawn in place at once.
    public void ChooseColouring(MapColouring colouring)
    {
        (Colouring, ColourProblem) = (colouring, null);
        Draw();
    }

    public void ChooseReview(string? review) => Review = review ?? "";

    /// <summary>The point the student clicked (point <c>Index</c> of trace <c>Trace</c>, one trace per colour), opened beside the map.</summary>
    public void OpenPoint(FigurePoint point)
    {
        if (Map is not { } map || point.Index is not [var number])
            return;
        var groups = map.Groups(Colouring);
        if (point.Trace >= groups.Count || number >= groups[point.Trace].Points.Count)
            return;
        (Opened, RowProblem) = (map.Reviews[groups[point.Trace].Points[number]].Index, null);
        Draw();
    }

    public void Close()
    {
        Opened = null;
        Draw();
    }

    public void UseTestSplit(ReviewSplit test)
    {
        Test = test;
        Draw();
    }

    /// <summary>A new map: nothing is placed on it until the texts are placed again.</summary>
    public void Show(EmbeddingMap map)
    {
        (Map, Placed) = (map, []);
        Draw();
    }

    /// <summary>The texts to place: the zero-shot page's label descriptions <paramref name="labels"/> and the student's review, if any.</summary>
    public MapTexts TextsToPlace(IReadOnlyList<string> labels) =>
        new([.. labels.Where(l => !string.IsNullOrWhiteSpace(l))], Review.Trim() is { Length: > 0 } review ? review : null);

    /// <summary>Where <paramref name="texts"/> fall on the map, in the order of <see cref="MapTexts.All"/>.</summary>
    public void Place(MapTexts texts, IReadOnlyList<(double X, double Y)> places)
    {
        var all = texts.All;
        Placed = places.Select((p, i) => (i < texts.Labels.Count ? "label description" : "your review", all[i], p.X, p.Y)).ToArray();
        Draw();
    }

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = url.Choice("model", Model, EmbeddingModels.Names);
        var (colour, colourProblem) = url.Choice("colour", Colourings[(int)Colouring], Colourings);
        (Colouring, ColourProblem) = ((MapColouring)Colourings.ToList().IndexOf(colour), colourProblem);
        Review = url.Text("review") ?? Review;
        if (url.Carries("row"))
            (Opened, RowProblem) = url.OptionalInt("row", 0, LimitedDataExperiment.TestSplitSize - 1, "no review is opened");
        Draw();
    }

    public void Use(EmbeddingMapWork work)
    {
        Model = EmbeddingModels.Names.Contains(work.Model) ? work.Model! : Model;
        Colouring = Enum.IsDefined(work.Colouring) ? work.Colouring : Colouring;
        Review = work.Review ?? "";
        Opened = work.Opened is >= 0 and < LimitedDataExperiment.TestSplitSize ? work.Opened : null;
        (ModelProblem, ColourProblem, RowProblem) = (null, null, null);
        Draw();
    }

    private void Draw()
    {
        if (Map is { } map && Test is { } test)
            Figure = Figure.EmbeddingMap(map, Colouring, test, Placed, Opened);
    }
}
