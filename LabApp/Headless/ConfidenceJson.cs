using System.Text.Json.Serialization;
using LabApp.Core.Experiments;

namespace LabApp.Headless;

/// <summary>
/// The JSON shape of <c>run confidence --json</c>. Per review: its true class, the predicted class (null when it is
/// UNCERTAIN), the top similarity, the margin between the top two, the confidence on the chosen measure (the book's
/// <c>calculate_margin</c>) and the status. Accuracy is the book's: over the predicted reviews, 0 when there are none.
/// The log holds the book's four thresholds, then the current one.
/// </summary>
internal sealed record ConfidenceJson(
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("measure")] string Measure,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("reviews")] IReadOnlyList<ConfidenceJson.ReviewJson> Reviews,
    [property: JsonPropertyName("coverage")] double Coverage,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("log")] IReadOnlyList<ConfidenceJson.LogJson> Log)
{
    public static ConfidenceJson From(ConfidenceResult result) => new(
        result.Labels,
        ConfidenceExperiment.NameOf(result.Measure),
        result.Threshold,
        result.Reviews.Select(v => new ReviewJson(
            v.Review.Text, v.Review.True, v.IsPredicted ? v.Review.Predicted : null, v.Review.BestSimilarity,
            v.Review.Confidence(ConfidenceMeasure.Margin), v.Confidence, v.Status)).ToArray(),
        result.Outcome.Coverage,
        result.Outcome.BookAccuracy,
        result.Log.Select(o => new LogJson(o.Threshold, o.Coverage, o.BookAccuracy)).ToArray());

    internal sealed record ReviewJson(
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("true")] int True,
        [property: JsonPropertyName("predicted")] int? Predicted,
        [property: JsonPropertyName("top")] double Top,
        [property: JsonPropertyName("margin")] double Margin,
        [property: JsonPropertyName("confidence")] double Confidence,
        [property: JsonPropertyName("status")] string Status);

    internal sealed record LogJson(
        [property: JsonPropertyName("threshold")] double Threshold,
        [property: JsonPropertyName("coverage")] double Coverage,
        [property: JsonPropertyName("accuracy")] double Accuracy);
}
