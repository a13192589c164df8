using System.Globalization;
using System.Text;

namespace LabApp.Core.Evaluation;

/// <summary>
/// scikit-learn's <c>classification_report</c>: per class precision, recall, F1 and support, then accuracy (or the
/// micro average when some label never occurs), the macro and the weighted average. <see cref="ToString"/> prints it
/// character for character as scikit-learn does, so a student can lay it beside the book.
/// </summary>
public sealed record ClassificationReport(
    IReadOnlyList<ClassScores> Classes,
    double Accuracy,
    ClassScores MicroAverage,
    bool MicroIsAccuracy,
    ClassScores MacroAverage,
    ClassScores WeightedAverage,
    int Digits = 2)
{
    public int Support => Classes.Sum(c => c.Support);

    /// <summary>
    /// The report over <paramref name="labels"/> (default: the labels that occur) named by <paramref name="targetNames"/>.
    /// As in scikit-learn, the accuracy row stands in for the micro average only when every label occurs.
    /// </summary>
    public static ClassificationReport Create(
        IReadOnlyList<int> truth,
        IReadOnlyList<int> predicted,
        IReadOnlyList<int>? labels = null,
        IReadOnlyList<string>? targetNames = null,
        int digits = 2)
    {
        var occurring = ClassificationMetrics.LabelsOf(truth, predicted);
        labels ??= occurring;
        var classes = ClassificationMetrics.PerClass(truth, predicted, labels, targetNames);
        var support = classes.Sum(c => c.Support);
        var macro = new ClassScores(
            "macro avg",
            ClassificationMetrics.Mean(classes, c => c.Precision),
            ClassificationMetrics.Mean(classes, c => c.Recall),
            ClassificationMetrics.Mean(classes, c => c.F1),
            support);
        var weighted = new ClassScores(
            "weighted avg",
            ClassificationMetrics.Weighted(classes, c => c.Precision),
            ClassificationMetrics.Weighted(classes, c => c.Recall),
            ClassificationMetrics.Weighted(classes, c => c.F1),
            support);
        var accuracy = ClassificationMetrics.Accuracy(truth, predicted);
        var microIsAccuracy = occurring.All(labels.Contains) && labels.All(occurring.Contains);
        return new ClassificationReport(classes, accuracy, Micro(truth, predicted, labels), microIsAccuracy, macro, weighted, digits);
    }

    public override string ToString()
    {
        var width = Math.Max(Classes.Max(c => Length(c.Name)), Math.Max("weighted avg".Length, Digits));
        var text = new StringBuilder();
        text.Append(' ', width).Append(' ');
        foreach (var heading in new[] { "precision", "recall", "f1-score", "support" })
            text.Append(' ').Append(heading.PadLeft(9));
        text.Append("\n\n");
        foreach (var row in Classes)
            AppendRow(text, row, width);
        text.Append('\n');
        if (MicroIsAccuracy)
        {
            // scikit-learn prints the micro F1 here, which can differ from the accuracy in the last bit.
            text.Append(PadLeft("accuracy", width)).Append(' ')
                .Append(' ', 20)
                .Append(' ').Append(Format(MicroAverage.F1).PadLeft(9))
                .Append(' ').Append(Support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
        }
        else
        {
            AppendRow(text, MicroAverage, width);
        }

        AppendRow(text, MacroAverage, width);
        AppendRow(text, WeightedAverage, width);
        return text.ToString();
    }

    private void AppendRow(StringBuilder text, ClassScores row, int width)
    {
        text.Append(PadLeft(row.Name, width)).Append(' ');
        foreach (var value in new[] { row.Precision, row.Recall, row.F1 })
            text.Append(' ').Append(Format(value).PadLeft(9));
        text.Append(' ').Append(row.Support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
    }

    // Python measures names in code points, so an emoji counts once (not as its two UTF-16 halves).
    private static int Length(string text) => text.EnumerateRunes().Count();

    private static string PadLeft(string text, int width) => new string(' ', Math.Max(0, width - Length(text))) + text;

    // .NET's fixed-point formatting rounds the exact binary value half-to-even, as Python's '{:.2f}' does.
    private string Format(double value) => value.ToString("F" + Digits, CultureInfo.InvariantCulture);

    private static ClassScores Micro(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<int> labels)
    {
        var matrix = ClassificationMetrics.ConfusionMatrix(truth, predicted, labels);
        int truePositives = 0, predictedCount = 0, support = 0;
        for (var r = 0; r < labels.Count; r++)
        {
            truePositives += matrix[r, r];
            for (var c = 0; c < labels.Count; c++)
            {
                predictedCount += matrix[c, r];
                support += matrix[r, c];
            }
        }

        var precision = ClassificationMetrics.Ratio(truePositives, predictedCount);
        var recall = ClassificationMetrics.Ratio(truePositives, support);
        return new ClassScores("micro avg", precision, recall, ClassificationMetrics.F1Of(precision, recall), support);
    }
}
