namespace LabApp.Core.Evaluation;

/// <summary>Precision, recall, F1 and support of one class.</summary>
public sealed record ClassScores(int Label, double Precision, double Recall, double F1Score, int Support);

/// <summary>Precision, recall and F1 averaged over classes.</summary>
public sealed record AveragedScores(double Precision, double Recall, double F1Score);

/// <summary>
/// scikit-learn 1.2's classification metrics as pure functions over true and predicted labels. Classes are the
/// sorted labels occurring in either sequence; a ratio with a zero denominator is 0.0, as scikit-learn's default
/// <c>zero_division="warn"</c> (which also warns). Values equal scikit-learn's to the last bit, so rounded reports match.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>The fraction of rows predicted correctly (<c>accuracy_score</c>).</summary>
    public static double Accuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        ConfusionMatrix.RequireComparable(yTrue, yPred);
        var correct = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            if (yTrue[i] == yPred[i])
                correct++;
        }
        return (double)correct / yTrue.Length;
    }

    /// <summary>Scores of every class, in sorted label order (<c>precision_recall_fscore_support(average=None)</c>).</summary>
    public static IReadOnlyList<ClassScores> PerClass(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred) =>
        PerClass(ConfusionMatrix.Create(yTrue, yPred));

    /// <summary>Unweighted mean over classes (<c>average="macro"</c>).</summary>
    public static AveragedScores MacroAverage(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred) =>
        MacroAverage(PerClass(yTrue, yPred));

    /// <summary>Mean over classes weighted by support (<c>average="weighted"</c>).</summary>
    public static AveragedScores WeightedAverage(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred) =>
        WeightedAverage(PerClass(yTrue, yPred));

    /// <summary>F1 of the macro average (<c>f1_score(average="macro")</c>).</summary>
    public static double F1Macro(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred) => MacroAverage(yTrue, yPred).F1Score;

    /// <summary>F1 of the support-weighted average (<c>f1_score(average="weighted")</c>).</summary>
    public static double F1Weighted(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred) => WeightedAverage(yTrue, yPred).F1Score;

    /// <summary>F1 of the positive class in a two-class problem (<c>f1_score</c> with its default <c>average="binary"</c>).</summary>
    /// <exception cref="ArgumentException">More than two classes occur, or two occur and neither is <paramref name="positiveLabel"/>.</exception>
    public static double F1Binary(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int positiveLabel = 1)
    {
        var matrix = ConfusionMatrix.Create(yTrue, yPred);
        var labels = matrix.Labels;
        if (labels.Count > 2)
            throw new ArgumentException($"Binary F1 needs at most two classes but the labels contain {labels.Count} ({string.Join(", ", labels)}); use F1Macro or F1Weighted.", nameof(yTrue));
        var index = IndexOf(labels, positiveLabel);
        if (index < 0 && labels.Count == 2)
            throw new ArgumentException($"The positive label {positiveLabel} is not one of the classes ({string.Join(", ", labels)}); pass positiveLabel.", nameof(positiveLabel));
        return index < 0 ? 0.0 : Score(matrix, index).F1Score;
    }

    internal static IReadOnlyList<ClassScores> PerClass(ConfusionMatrix matrix) =>
        Enumerable.Range(0, matrix.Labels.Count).Select(index => Score(matrix, index)).ToArray();

    internal static AveragedScores MacroAverage(IReadOnlyList<ClassScores> classes) => new(
        PairwiseSum(classes.Select(c => c.Precision).ToArray()) / classes.Count,
        PairwiseSum(classes.Select(c => c.Recall).ToArray()) / classes.Count,
        PairwiseSum(classes.Select(c => c.F1Score).ToArray()) / classes.Count);

    internal static AveragedScores WeightedAverage(IReadOnlyList<ClassScores> classes)
    {
        var totalSupport = PairwiseSum(classes.Select(c => (double)c.Support).ToArray());
        double Weighted(Func<ClassScores, double> score) =>
            PairwiseSum(classes.Select(c => score(c) * c.Support).ToArray()) / totalSupport;
        return new AveragedScores(Weighted(c => c.Precision), Weighted(c => c.Recall), Weighted(c => c.F1Score));
    }

    /// <summary>
    /// Micro-averaged F1 over all classes: the "accuracy" row of the report. Computed from micro precision and recall
    /// as scikit-learn does, because 2pr/(p+r) with p = r can differ from the accuracy in the last bit.
    /// </summary>
    internal static double MicroF1(ConfusionMatrix matrix)
    {
        var truePositives = 0;
        for (var k = 0; k < matrix.Labels.Count; k++)
            truePositives += matrix.TruePositives(k);
        var precision = Divide(truePositives, matrix.Total);
        return F1(precision, precision);
    }

    private static ClassScores Score(ConfusionMatrix matrix, int index)
    {
        var precision = Divide(matrix.TruePositives(index), matrix.Predicted(index));
        var recall = Divide(matrix.TruePositives(index), matrix.Support(index));
        return new ClassScores(matrix.Labels[index], precision, recall, F1(precision, recall), matrix.Support(index));
    }

    private static double Divide(int numerator, int denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

    /// <summary>scikit-learn's (1 + β²)·p·r / (β²·p + r) with β = 1, evaluated in the same order; 0 when p + r = 0.</summary>
    private static double F1(double precision, double recall)
    {
        var denominator = precision + recall;
        return denominator == 0 ? 0.0 : 2.0 * precision * recall / denominator;
    }

    private static int IndexOf(IReadOnlyList<int> labels, int label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
                return i;
        }
        return -1;
    }

    /// <summary>
    /// NumPy's pairwise summation (eight interleaved accumulators per block of up to 128, halves above), which
    /// <c>np.average</c> uses. From eight classes on, its rounding differs from a running sum, and a macro average
    /// can sit exactly on a rounding tie of the report's two decimals.
    /// </summary>
    private static double PairwiseSum(ReadOnlySpan<double> values)
    {
        if (values.Length < 8)
        {
            var sum = 0.0;
            foreach (var value in values)
                sum += value;
            return sum;
        }
        if (values.Length <= 128)
        {
            Span<double> partial = stackalloc double[8];
            values[..8].CopyTo(partial);
            var i = 8;
            for (; i < values.Length - values.Length % 8; i += 8)
            {
                for (var j = 0; j < 8; j++)
                    partial[j] += values[i + j];
            }
            var result = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
            for (; i < values.Length; i++)
                result += values[i];
            return result;
        }
        var half = values.Length / 2;
        half -= half % 8;
        return PairwiseSum(values[..half]) + PairwiseSum(values[half..]);
    }
}
