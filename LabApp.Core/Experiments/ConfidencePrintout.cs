using System.Text;
using static LabApp.Core.Experiments.BookFormat;

namespace LabApp.Core.Experiments;

/// <summary>
/// Medium Task 3's result as the notebook's cell prints it, line for line; its experiment log, which the book leaves
/// for the student to fill in ("??.?%"), filled with the numbers of each threshold.
/// </summary>
public static class ConfidencePrintout
{
    private const string Dashes = "--------------------------------------------------------------------------------";

    public static string Of(ConfidenceResult result)
    {
        var text = new StringBuilder();
        text.Append(Rule).Append('\n');
        text.Append($"CONFIDENCE-BASED CLASSIFICATION (threshold={Repr(result.Threshold)})\n");
        text.Append(Rule).Append('\n');
        for (var i = 0; i < result.Reviews.Count; i++)
            AppendReview(text, i + 1, result.Reviews[i], result);

        var outcome = result.Outcome;
        text.Append('\n').Append(Rule).Append('\n');
        text.Append("PERFORMANCE ANALYSIS\n");
        text.Append(Rule).Append('\n');
        text.Append($"\nCoverage: {outcome.Predicted}/{outcome.Total} = {Percent(outcome.Coverage, 1)}\n");
        text.Append($"  \u2192 Made predictions for {outcome.Predicted} reviews\n");
        text.Append($"  \u2192 Refused to predict on {outcome.Total - outcome.Predicted} reviews\n");
        text.Append($"\nAccuracy (on predictions made): {outcome.Correct}/{outcome.Predicted} = {Percent(outcome.BookAccuracy, 1)}\n");
        text.Append($"  \u2192 Of the {outcome.Predicted} predictions, {outcome.Correct} were correct\n");
        text.Append("\nTrade-off Analysis:\n");
        text.Append($"  Threshold = {Repr(result.Threshold)}\n");
        text.Append("  \u2192 Higher threshold = fewer predictions but higher accuracy\n");
        text.Append("  \u2192 Lower threshold = more predictions but lower accuracy\n");

        if (result.Uncertain.Count > 0)
        {
            text.Append('\n').Append(Dashes).Append('\n');
            text.Append($"UNCERTAIN CASES (margin < {Repr(result.Threshold)}):\n");
            text.Append(Dashes).Append('\n');
            foreach (var verdict in result.Uncertain)
            {
                text.Append($"  \u2022 '{verdict.Review.Text}'\n");
                text.Append($"    Margin: {Fixed(verdict.Confidence, 3)} (too close to call)\n");
            }
        }

        text.Append('\n').Append(Rule).Append('\n');
        text.Append("EXPERIMENT LOG - Fill this in as you try different thresholds:\n");
        text.Append(Rule).Append('\n');
        text.Append("| Threshold | Coverage | Accuracy | Notes                    |\n");
        text.Append("|-----------|----------|----------|--------------------------|\n");
        foreach (var row in result.Log.Take(result.Log.Count - 1))
            text.Append($"| {PadRight(Fixed(row.Threshold, 2), 9)} | {PadRight(Percent(row.Coverage, 1), 8)} | {PadRight(Percent(row.BookAccuracy, 1), 8)} | {PadRight("", 24)} |\n");
        text.Append('\n');
        text.Append($"Current:    | {PadRight(Fixed(result.Threshold, 2), 9)} | {PadLeft(Fixed(outcome.Coverage * 100, 1), 5)}%    | {PadLeft(Fixed(outcome.BookAccuracy * 100, 1), 5)}%    |\n");
        return text.ToString();
    }

    private static void AppendReview(StringBuilder text, int number, ConfidenceVerdict verdict, ConfidenceResult result)
    {
        var review = verdict.Review;
        text.Append($"\n{number}. '{review.Text}'\n");
        text.Append($"   True label: {(review.True == 1 ? "Positive" : "Negative")}\n");
        text.Append($"   Prediction: {(verdict.IsPredicted ? result.LabelOf(review.Predicted) : "UNCERTAIN")}\n");
        text.Append($"   Top confidence: {Fixed(review.BestSimilarity, 3)}\n");
        text.Append($"   Margin: {Fixed(verdict.Confidence, 3)} {(verdict.IsPredicted ? "\u2713 Above threshold" : "\u2717 Below threshold")}\n");
        text.Append($"   Status: {verdict.Status}");
        text.Append(verdict.IsPredicted ? $" - {(review.IsCorrect ? "\u2713 CORRECT" : "\u2717 INCORRECT")}\n" : "\n");
    }
}
