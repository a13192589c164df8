using System.Text.Json.Serialization;
using LabApp.Core.Experiments;

namespace LabApp.Headless;

/// <summary>
/// The JSON shape of <c>run custom-labels --json</c>: each review's best and second-best label with their cosine
/// similarities, the margin and its flag, and every pair of labels, most similar first (the text printout, as the
/// book, stops at ten).
/// </summary>
internal sealed record CustomLabelsJson(
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("reviews")] IReadOnlyList<CustomLabelsJson.ReviewJson> Reviews,
    [property: JsonPropertyName("label_pairs")] IReadOnlyList<CustomLabelsJson.PairJson> LabelPairs)
{
    public static CustomLabelsJson From(CustomLabelsResult result) => new(
        result.Labels,
        result.Choices.Select(c => new ReviewJson(c.Review, c.BestLabel, c.BestScore, c.SecondLabel, c.SecondScore, c.Margin, CustomLabelsExperiment.NameOf(c.Certainty))).ToArray(),
        result.LabelSimilarities.Pairs.Select(p => new PairJson(p.First, p.Second, p.Similarity)).ToArray());

    internal sealed record ReviewJson(
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("first")] string First,
        [property: JsonPropertyName("first_score")] double FirstScore,
        [property: JsonPropertyName("second")] string Second,
        [property: JsonPropertyName("second_score")] double SecondScore,
        [property: JsonPropertyName("margin")] double Margin,
        [property: JsonPropertyName("flag")] string Flag);

    internal sealed record PairJson(
        [property: JsonPropertyName("a")] string A,
        [property: JsonPropertyName("b")] string B,
        [property: JsonPropertyName("similarity")] double Similarity);
}
