namespace LabApp.Core.Evaluation;

/// <summary>One bin of a reliability diagram: its probability range, how many reviews fell in it, their mean predicted probability and the share that were positive.</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double FractionPositive);

/// <summary>
/// How far a classifier's probabilities can be taken at their word. <see cref="Bins"/> is scikit-learn's
/// <c>calibration_curve(y_true, p_positive, n_bins=10, strategy="uniform")</c> (empty bins left out, as it does);
/// <see cref="Ece"/> and <see cref="Mce"/> are top-label: the predicted class's probability against how often that class was right.
/// </summary>
/// <param name="Ece">Expected calibration error: the bins' |accuracy − mean confidence|, weighted by their share of the reviews.</param>
/// <param name="Mce">Maximum calibration error: the largest |accuracy − mean confidence| of a non-empty bin.</param>
/// <param name="Brier">scikit-learn's <c>brier_score_loss(y_true, p_positive)</c>: the mean squared gap between the label and its probability.</param>
public sealed record CalibrationResult(IReadOnlyList<ReliabilityBin> Bins, double Ece, double Mce, double Brier);

/// <summary>Reliability diagram, ECE, MCE and Brier score of a binary classifier's probabilities for the positive class.</summary>
public static class Calibration
{
    public const int BinCount = 10;

    public static CalibrationResult Of(IReadOnlyList<int> truth, IReadOnlyList<double> positive)
    {
        var n = truth.Count;
        if (n == 0 || positive.Count != n)
            throw new ArgumentException("Calibration needs one label and one probability per review, and at least one review.");
        var count = new int[BinCount];
        var predictedSum = new double[BinCount];
        var positiveSum = new double[BinCount];
        var topCount = new int[BinCount];
        var topConfidenceSum = new double[BinCount];
        var topRight = new int[BinCount];
        var squares = 0.0;
        for (var i = 0; i < n; i++)
        {
            var p = positive[i];
            var bin = BinOf(p);
            count[bin]++;
            predictedSum[bin] += p;
            positiveSum[bin] += truth[i];
            squares += (truth[i] - p) * (truth[i] - p);

            // The predicted class is the more probable one, class 0 on a tie (numpy's argmax over [1 − p, p]).
            var negative = 1 - p;
            var predicted = p > negative ? 1 : 0;
            var top = Math.Max(p, negative);
            var topBin = BinOf(top);
            topCount[topBin]++;
            topConfidenceSum[topBin] += top;
            topRight[topBin] += predicted == truth[i] ? 1 : 0;
        }

        var bins = new List<ReliabilityBin>();
        for (var b = 0; b < BinCount; b++)
            if (count[b] > 0)
                bins.Add(new ReliabilityBin(Edge(b), Edge(b + 1), count[b], predictedSum[b] / count[b], positiveSum[b] / count[b]));

        var ece = 0.0;
        var mce = 0.0;
        for (var b = 0; b < BinCount; b++)
        {
            if (topCount[b] == 0)
                continue;
            var gap = Math.Abs((double)topRight[b] / topCount[b] - topConfidenceSum[b] / topCount[b]);
            ece += (double)topCount[b] / n * gap;
            mce = Math.Max(mce, gap);
        }

        return new CalibrationResult(bins, ece, mce, squares / n);
    }

    /// <summary>numpy's <c>linspace(0, 1, 11)[b]</c>: b·0.1, the last edge exactly 1.</summary>
    private static double Edge(int b) => b == BinCount ? 1.0 : b * (1.0 / BinCount);

    /// <summary>
    /// <c>searchsorted(edges[1:-1], p, side="left")</c>, as calibration_curve bins: each bin holds its upper edge, the
    /// first holds 0 as well.
    /// </summary>
    private static int BinOf(double p)
    {
        var bin = 0;
        while (bin < BinCount - 1 && Edge(bin + 1) < p)
            bin++;
        return bin;
    }
}
