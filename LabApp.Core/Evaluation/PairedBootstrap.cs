using LabApp.Core.Data;

namespace LabApp.Core.Evaluation;

/// <summary>Accuracy of A minus accuracy of B on the same reviews, with a bootstrap 95 % percentile interval.</summary>
public sealed record AccuracyDifference(double Difference, double Low, double High, int Resamples, ulong Seed);

/// <summary>
/// The paired bootstrap: resample the reviews with replacement (the same draw for both classifiers, so their pairing
/// stays), recompute the accuracy difference, and read the 2.5th and 97.5th percentiles of the resampled differences.
/// The draws are numpy's, <c>default_rng(seed).integers(0, n, size=(resamples, n))</c> row by row, and the percentiles
/// <c>numpy.percentile(differences, [2.5, 97.5])</c>, so a script with numpy gets the same interval to the last bit.
/// </summary>
public static class PairedBootstrap
{
    public const int DefaultResamples = 10_000;

    public static AccuracyDifference Of(IReadOnlyList<bool> rightA, IReadOnlyList<bool> rightB, ulong seed, int resamples = DefaultResamples)
    {
        var n = rightA.Count;
        if (n == 0 || rightB.Count != n)
            throw new ArgumentException("The paired bootstrap needs both classifiers' outcomes on the same reviews, at least one.");
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var gap = new int[n];
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            gap[i] = (rightA[i] ? 1 : 0) - (rightB[i] ? 1 : 0);
            total += gap[i];
        }

        var generator = new Pcg64(seed);
        var differences = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            var sum = 0;
            for (var i = 0; i < n; i++)
                sum += gap[NumpyRandom.Integer(generator, (uint)n)];
            differences[b] = (double)sum / n;
        }

        Array.Sort(differences);
        return new AccuracyDifference((double)total / n, Percentile(differences, 0.025), Percentile(differences, 0.975), resamples, seed);
    }

    /// <summary>
    /// numpy's default ("linear") percentile of sorted values, written out because its last step — interpolating from
    /// the upper neighbour when the fraction is ½ or more — decides the last bit, and no .NET quantile does that.
    /// </summary>
    private static double Percentile(double[] sorted, double quantile)
    {
        var position = (sorted.Length - 1) * quantile;
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var fraction = position - below;
        var (a, b) = (sorted[below], sorted[above]);
        var step = b - a;
        return fraction >= 0.5 ? b - step * (1 - fraction) : a + step * fraction;
    }
}
