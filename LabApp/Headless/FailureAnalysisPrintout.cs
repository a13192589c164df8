using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using LabApp.Core.Experiments;
using static LabApp.Core.Experiments.BookFormat;

namespace LabApp.Headless;

/// <summary>What <c>run failure-analysis</c> prints: the notebook's Medium Task 4 cell as it prints it, or, with <c>--json</c>, its numbers.</summary>
internal static class FailureAnalysisPrintout
{
    public static string Text(FailureAnalysisResult analysis, EdgeCaseReport edge)
    {
        var (total, errors) = (analysis.Reviews.Count, analysis.Errors.Count);
        var confident = analysis.HighConfidenceErrors(FailureAnalysisExperiment.BookCut);
        var text = new StringBuilder();
        text.Append($"Training classifier on {analysis.Settings.TrainSize} movie reviews...\n");
        text.Append('\n').AppendBanner("ERROR ANALYSIS");
        text.Append("\nOverall Performance:\n");
        text.Append($"  Correct: {analysis.Correct}/{total} ({Percent(analysis.Accuracy, 1)})\n");
        text.Append($"  Errors:  {errors}/{total} ({Percent(analysis.ErrorShare, 1)})\n");
        text.Append("\nError Types:\n");
        text.Append($"  False Positives: {analysis.FalsePositives} (predicted positive, actually negative)\n");
        text.Append($"  False Negatives: {analysis.FalseNegatives} (predicted negative, actually positive)\n");

        text.Append('\n').Append(BookFormat.Line).Append('\n');
        text.Append($"HIGH-CONFIDENCE ERRORS (confidence > {FailureAnalysisExperiment.BookCut.ToString(CultureInfo.InvariantCulture)})\n");
        text.Append("These are the most surprising mistakes:\n").Append(BookFormat.Line).Append('\n');
        foreach (var (error, i) in confident.Take(FailureAnalysisExperiment.ShownErrors).Select((e, i) => (e, i)))
        {
            text.Append($"\n{i + 1}. '{error.Text}'\n");
            text.Append($"   True: {Sentiment(error.True)} | Predicted: {Sentiment(error.Predicted)} | Confidence: {Fixed(error.Confidence, 3)}\n");
            text.Append($"   Length: {error.Words} words\n");
        }

        text.Append('\n').Append(BookFormat.Line).Append('\n').Append("ERROR ANALYSIS BY TEXT LENGTH\n").Append(BookFormat.Line).Append('\n');
        text.Append($"\nAverage length of ERROR reviews: {Fixed(analysis.AverageWordsOfErrors, 1)} words\n");
        text.Append($"Average length of CORRECT reviews: {Fixed(analysis.AverageWordsOfCorrect, 1)} words\n");
        text.Append($"→ Observation: {analysis.LengthObservation}\n");

        text.Append('\n').AppendBanner("TESTING EDGE CASES");
        text.Append("\nTesting challenging cases that often fail:\n").Append(BookFormat.Line).Append('\n');
        foreach (var outcome in edge.Outcomes)
        {
            text.Append($"\n{outcome.Case.Category}: '{outcome.Case.Text}'\n");
            text.Append($"  True: {Sentiment(outcome.Case.Expected)} | Predicted: {Sentiment(outcome.Predicted)} | Confidence: {Fixed(outcome.Confidence, 3)}\n");
            text.Append($"  Result: {(outcome.IsCorrect ? "✓ CORRECT" : "✗ WRONG")}\n");
        }

        text.Append('\n').Append(BookFormat.Line).Append('\n');
        text.Append($"Edge Case Accuracy: {edge.Correct}/{edge.Outcomes.Count} ({Percent(edge.Accuracy, 1)})\n");
        text.Append($"Regular Test Accuracy: {Percent(edge.RegularAccuracy, 1)}\n");
        text.Append($"Difference: {SignedPercent(edge.Difference, 1)}\n");

        text.Append('\n').AppendBanner("KEY INSIGHTS FROM ERROR ANALYSIS");
        text.Append("\n1. Error Distribution:\n");
        text.Append($"   - False Positives (predicted too optimistic): {analysis.FalsePositives}\n");
        text.Append($"   - False Negatives (predicted too pessimistic): {analysis.FalseNegatives}\n");
        if (analysis.BiasText is { } bias)
            text.Append($"   → {bias}\n");
        text.Append("\n2. Challenging Cases:\n");
        if (edge.FailingCategories.Count > 0)
            text.Append($"   The classifier struggles with: {string.Join(", ", edge.FailingCategories)}\n");
        text.Append("\n3. Confidence Analysis:\n");
        if (confident.Count > 0)
            text.Append($"   Found {confident.Count} high-confidence errors\n   → The model is 'confidently wrong' on some cases\n");
        return text.ToString();
    }

    public static Json JsonOf(FailureAnalysisResult analysis, EdgeCaseReport edge) => new(
        analysis.Settings.TrainSize ?? 0,
        analysis.Settings.TestSize ?? 0,
        analysis.Accuracy,
        analysis.FalsePositives,
        analysis.FalseNegatives,
        analysis.HighConfidenceErrors(FailureAnalysisExperiment.BookCut).Select(e => new ErrorJson(e.Index, e.Text, e.True, e.Predicted, e.Confidence, e.Words)).ToArray(),
        analysis.AverageWordsOfErrors,
        analysis.AverageWordsOfCorrect,
        edge.Outcomes.Select(o => new EdgeCaseJson(o.Case.Category, o.Case.Text, o.Case.Expected, o.Predicted, o.Confidence)).ToArray(),
        edge.Accuracy);

    internal sealed record Json(
        [property: JsonPropertyName("train_size")] int TrainSize,
        [property: JsonPropertyName("test_size")] int TestSize,
        [property: JsonPropertyName("accuracy")] double Accuracy,
        [property: JsonPropertyName("false_positives")] int FalsePositives,
        [property: JsonPropertyName("false_negatives")] int FalseNegatives,
        [property: JsonPropertyName("high_confidence_errors")] IReadOnlyList<ErrorJson> HighConfidenceErrors,
        [property: JsonPropertyName("avg_error_words")] double AverageErrorWords,
        [property: JsonPropertyName("avg_correct_words")] double AverageCorrectWords,
        [property: JsonPropertyName("edge_cases")] IReadOnlyList<EdgeCaseJson> EdgeCases,
        [property: JsonPropertyName("edge_accuracy")] double EdgeAccuracy);

    internal sealed record ErrorJson(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("true")] int True,
        [property: JsonPropertyName("predicted")] int Predicted,
        [property: JsonPropertyName("confidence")] double Confidence,
        [property: JsonPropertyName("words")] int Words);

    internal sealed record EdgeCaseJson(
        [property: JsonPropertyName("category")] string Category,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("expected")] int Expected,
        [property: JsonPropertyName("predicted")] int Predicted,
        [property: JsonPropertyName("confidence")] double Confidence);
}
