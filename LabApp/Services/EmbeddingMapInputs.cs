using LabApp.Core.Experiments;

namespace LabApp.Services;

/// <summary>
/// /map: the model, what the colours say, the review the student typed and the review they opened
/// (<c>?model=minilm&amp;colour=correctness&amp;review=…&amp;row=12</c>), and the map last shown.
/// </summary>
public sealed class EmbeddingMapInputs
{
    private static readonly string[] Parameters = ["model", "colour", "review", "row"];

    private static readonly IReadOnlyList<string> Colourings = ["true", "prediction", "correctness"];

    public string Model { get; set; } = EmbeddingModels.Default;

    public MapColouring Colouring { get; set; } = MapColouring.TrueLabel;

    /// <summary>A review of the student's own, placed on the map (embedded in memory, never stored).</summary>
    public string Review { get; set; } = "";

    /// <summary>The test split row of the review opened beside the map.</summary>
    public int? Opened { get; set; }

    public EmbeddingMap? Map { get; set; }

    /// <summary>The label descriptions and the student's review, where they fall on <see cref="Map"/>.</summary>
    public IReadOnlyList<(string Kind, string Text, double X, double Y)> Placed { get; set; } = [];

    public AddressProblems ReadFrom(UrlState url)
    {
        if (!url.Carries(Parameters))
            return AddressProblems.None;
        var problems = new AddressProblems(true);
        Model = problems.Take("model", url.Choice("model", Model, EmbeddingModels.Names));
        Colouring = (MapColouring)Colourings.ToList().IndexOf(problems.Take("colour", url.Choice("colour", Colourings[(int)Colouring], Colourings)));
        Review = url.Text("review") ?? "";
        Opened = problems.Take("row", url.OptionalInt("row", 0, LimitedDataExperiment.TestSplitSize - 1, "no review is opened"));
        return problems;
    }

    public void WriteTo(UrlState url) =>
        url.Write(("model", Model), ("colour", Colourings[(int)Colouring]), ("review", Review.Length == 0 ? null : Review), ("row", Opened));
}
