using System.Globalization;
using System.Text;

namespace LabApp.Core.Evaluation;

/// <summary>One line of a classification report: a class, or an average over classes.</summary>
public sealed record ClassificationReportRow(string Name, double Precision, double Recall, double F1Score, int Support);

/// <summary>
/// The numbers of <c>sklearn.metrics.classification_report(y_true, y_pred, target_names=..., digits=...)</c>, and
/// (<see cref="ToString"/>) its text, identical character for character to scikit-learn 1.2's.
/// </summary>
public sealed class ClassificationReport
{
    private const string LongestAverageName = "weighted avg";

    private ClassificationReport(IReadOnlyList<ClassificationReportRow> classes, double accuracy, ClassificationReportRow macroAverage, ClassificationReportRow weightedAverage, int digits)
    {
        Classes = classes;
        Accuracy = accuracy;
        MacroAverage = macroAverage;
        WeightedAverage = weightedAverage;
        Digits = digits;
    }

    /// <summary>One row per class, in sorted label order, named by the target names.</summary>
    public IReadOnlyList<ClassificationReportRow> Classes { get; }

    /// <summary>The "accuracy" row: micro-averaged F1, which for single-label classes is the accuracy.</summary>
    public double Accuracy { get; }

    public ClassificationReportRow MacroAverage { get; }

    public ClassificationReportRow WeightedAverage { get; }

    /// <summary>All rows scored.</summary>
    public int Support => MacroAverage.Support;

    /// <summary>Decimals shown in <see cref="ToString"/>.</summary>
    public int Digits { get; }

    /// <param name="targetNames">One display name per class in sorted label order; default the labels themselves.</param>
    /// <param name="digits">Decimals of the formatted scores; scikit-learn's default is 2.</param>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a wrong number of names, or negative digits.</exception>
    public static ClassificationReport Create(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, IReadOnlyList<string>? targetNames = null, int digits = 2)
    {
        if (digits < 0)
            throw new ArgumentException($"Digits must be zero or more, got {digits}.", nameof(digits));
        var matrix = ConfusionMatrix.Create(yTrue, yPred);
        var labels = matrix.Labels;
        if (targetNames is not null && targetNames.Count != labels.Count)
            throw new ArgumentException($"Got {targetNames.Count} target names for {labels.Count} classes ({string.Join(", ", labels)}); pass one name per class in sorted label order.", nameof(targetNames));

        var names = targetNames ?? labels.Select(label => label.ToString(CultureInfo.InvariantCulture)).ToArray();
        var scores = ClassificationMetrics.PerClass(matrix);
        var classes = scores.Select((s, k) => new ClassificationReportRow(names[k], s.Precision, s.Recall, s.F1Score, s.Support)).ToArray();
        var macro = ClassificationMetrics.MacroAverage(scores);
        var weighted = ClassificationMetrics.WeightedAverage(scores);
        var total = matrix.Total;
        return new ClassificationReport(
            Array.AsReadOnly(classes),
            ClassificationMetrics.MicroF1(matrix),
            new ClassificationReportRow("macro avg", macro.Precision, macro.Recall, macro.F1Score, total),
            new ClassificationReportRow(LongestAverageName, weighted.Precision, weighted.Recall, weighted.F1Score, total),
            digits);
    }

    /// <summary>The report as scikit-learn prints it, ending in a newline.</summary>
    public override string ToString()
    {
        // Python pads by code points, not UTF-16 units, so names outside the BMP are measured as runes.
        var width = Math.Max(Math.Max(Classes.Max(row => TextWidth(row.Name)), LongestAverageName.Length), Digits);
        var text = new StringBuilder();
        text.Append(AlignRight("", width)).Append(' ');
        foreach (var header in new[] { "precision", "recall", "f1-score", "support" })
            text.Append(' ').Append(AlignRight(header, 9));
        text.Append("\n\n");
        foreach (var row in Classes)
            AppendRow(text, row, width);
        text.Append('\n');

        text.Append(AlignRight("accuracy", width)).Append(' ');
        text.Append(' ').Append(AlignRight("", 9)).Append(' ').Append(AlignRight("", 9));
        text.Append(' ').Append(AlignRight(Format(Accuracy), 9));
        text.Append(' ').Append(AlignRight(Support.ToString(CultureInfo.InvariantCulture), 9)).Append('\n');
        AppendRow(text, MacroAverage, width);
        AppendRow(text, WeightedAverage, width);
        return text.ToString();
    }

    private void AppendRow(StringBuilder text, ClassificationReportRow row, int width)
    {
        text.Append(AlignRight(row.Name, width)).Append(' ');
        foreach (var score in new[] { row.Precision, row.Recall, row.F1Score })
            text.Append(' ').Append(AlignRight(Format(score), 9));
        text.Append(' ').Append(AlignRight(row.Support.ToString(CultureInfo.InvariantCulture), 9)).Append('\n');
    }

    /// <summary>
    /// Python's <c>'{:.2f}'</c>: correctly rounded, ties to even on the exact binary value (0.125 → "0.12").
    /// .NET's "F" format has done the same since .NET Core 3.0; the fixtures include exact ties to keep it honest.
    /// </summary>
    private string Format(double value) => value.ToString("F" + Digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string AlignRight(string text, int width) => new string(' ', Math.Max(0, width - TextWidth(text))) + text;

    private static int TextWidth(string text) => text.EnumerateRunes().Count();
}
