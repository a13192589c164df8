namespace LabApp.Core.Evaluation;

/// <summary>How per-class scores are combined into one, as scikit-learn's <c>average=</c>.</summary>
public enum Average
{
    /// <summary>The score of the positive class (label 1) alone.</summary>
    Binary,

    /// <summary>The plain mean over classes.</summary>
    Macro,

    /// <summary>The mean over classes weighted by their support.</summary>
    Weighted,
}

/// <summary>One class's row of a report.</summary>
public sealed record ClassScores(string Name, double Precision, double Recall, double F1, int Support);

/// <summary>
/// Metrics as scikit-learn computes them, as pure functions of the true and predicted labels.
/// A class that is never predicted (or never true) scores 0, scikit-learn's default <c>zero_division</c>.
/// </summary>
public static class ClassificationMetrics
{
    public static double Accuracy(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        CheckLengths(truth, predicted);
        return truth.Count == 0 ? 0 : truth.Where((t, i) => t == predicted[i]).Count() / (double)truth.Count;
    }

    /// <summary>Counts with rows = true label, columns = predicted label, both in <paramref name="labels"/> order.</summary>
    public static int[,] ConfusionMatrix(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<int> labels)
    {
        CheckLengths(truth, predicted);
        var matrix = new int[labels.Count, labels.Count];
        for (var i = 0; i < truth.Count; i++)
        {
            var row = IndexOf(labels, truth[i]);
            var column = IndexOf(labels, predicted[i]);
            if (row >= 0 && column >= 0)
                matrix[row, column]++;
        }

        return matrix;
    }

    /// <summary>Precision, recall, F1 and support of each label, named by <paramref name="names"/> (default: the label numbers).</summary>
    public static IReadOnlyList<ClassScores> PerClass(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<int> labels, IReadOnlyList<string>? names = null)
    {
        if (names is not null && names.Count != labels.Count)
            throw new ArgumentException($"{names.Count} class names for {labels.Count} labels: give one name per label.");
        var matrix = ConfusionMatrix(truth, predicted, labels);
        var scores = new ClassScores[labels.Count];
        for (var c = 0; c < labels.Count; c++)
        {
            int truePositives = matrix[c, c], predictedCount = 0, support = 0;
            for (var k = 0; k < labels.Count; k++)
            {
                predictedCount += matrix[k, c];
                support += matrix[c, k];
            }

            var precision = Ratio(truePositives, predictedCount);
            var recall = Ratio(truePositives, support);
            scores[c] = new ClassScores(names?[c] ?? labels[c].ToString(), precision, recall, F1Of(precision, recall), support);
        }

        return scores;
    }

    public static double F1(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, Average average)
    {
        var labels = LabelsOf(truth, predicted);
        var scores = PerClass(truth, predicted, labels);
        return average switch
        {
            Average.Binary => scores[IndexOf(labels, 1) is var i and >= 0 ? i : throw new ArgumentException("Binary F1 needs the positive label 1 among the labels.")].F1,
            Average.Macro => Mean(scores, s => s.F1),
            _ => Weighted(scores, s => s.F1),
        };
    }

    /// <summary>The sorted distinct labels of both lists: scikit-learn's <c>unique_labels</c>.</summary>
    public static IReadOnlyList<int> LabelsOf(IReadOnlyList<int> truth, IReadOnlyList<int> predicted) => truth.Concat(predicted).Distinct().Order().ToArray();

    internal static double Mean(IReadOnlyList<ClassScores> scores, Func<ClassScores, double> value) =>
        PairwiseSum(scores.Select(value).ToArray()) / scores.Count;

    internal static double Weighted(IReadOnlyList<ClassScores> scores, Func<ClassScores, double> value)
    {
        var total = PairwiseSum(scores.Select(s => (double)s.Support).ToArray());
        return total == 0 ? 0 : PairwiseSum(scores.Select(s => value(s) * s.Support).ToArray()) / total;
    }

    /// <summary>
    /// NumPy's pairwise summation (eight interleaved accumulators per block of up to 128, halves above), which
    /// <c>np.average</c> uses. From eight classes on, its rounding differs from a running sum, and an average
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

    // scikit-learn's fbeta with beta = 1: a zero denominator gives 0.
    internal static double F1Of(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

    internal static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : numerator / (double)denominator;

    private static int IndexOf(IReadOnlyList<int> labels, int label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
                return i;
        }

        return -1;
    }

    private static void CheckLengths(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions: give one prediction per review.");
    }
}
