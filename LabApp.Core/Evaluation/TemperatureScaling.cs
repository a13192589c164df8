using MathNet.Numerics.RootFinding;

namespace LabApp.Core.Evaluation;

/// <summary>
/// Temperature scaling (Guo et al., 2017) of a binary classifier: its logit z becomes z / T, one number T fitted on
/// held-out reviews to minimise their negative log-likelihood. The predictions stay the same; only their confidence moves.
/// </summary>
public static class TemperatureScaling
{
    // 1/T from 1e-4 to 1e4: beyond that a temperature means "always sure" or "never sure", not a calibration.
    private const double LowestInverse = 1e-4, HighestInverse = 1e4;

    /// <summary>The positive class's probability at temperature <paramref name="temperature"/>: σ(z / T).</summary>
    public static double Positive(double logit, double temperature) => 1.0 / (1.0 + Math.Exp(-logit / temperature));

    /// <summary>The mean negative log-likelihood of <paramref name="truth"/> under σ(z / T).</summary>
    public static double NegativeLogLikelihood(IReadOnlyList<double> logits, IReadOnlyList<int> truth, double temperature)
    {
        var sum = 0.0;
        for (var i = 0; i < logits.Count; i++)
            sum += Softplus(-Sign(truth[i]) * logits[i] / temperature);
        return sum / logits.Count;
    }

    /// <summary>
    /// The T > 0 that minimises the negative log-likelihood of <paramref name="truth"/> given <paramref name="logits"/>.
    /// </summary>
    /// <remarks>
    /// The likelihood is convex in β = 1/T (it is a logistic loss in one weight), so its minimum is the one zero of its
    /// derivative, found by Brent's method to the last bits: deterministic, and more exact than minimising the flat
    /// function itself, whose minimiser is only known to about √ε. Reviews all on the right side make it fall forever
    /// (T → 0); then the coldest temperature considered is returned.
    /// </remarks>
    public static double Fit(IReadOnlyList<double> logits, IReadOnlyList<int> truth)
    {
        if (logits.Count == 0 || truth.Count != logits.Count)
            throw new ArgumentException("Temperature scaling needs one logit and one label per review, and at least one review.");
        double Slope(double beta)
        {
            var sum = 0.0;
            for (var i = 0; i < logits.Count; i++)
            {
                var margin = Sign(truth[i]) * logits[i];
                sum += -margin * Sigmoid(-margin * beta);
            }

            return sum / logits.Count;
        }

        if (Slope(HighestInverse) <= 0)
            return 1 / HighestInverse;
        if (Slope(LowestInverse) >= 0)
            return 1 / LowestInverse;
        return 1 / Brent.FindRoot(Slope, LowestInverse, HighestInverse, 1e-15, 500);
    }

    private static int Sign(int label) => label == 1 ? 1 : -1;

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    // log(1 + e^x) without overflow for large x.
    private static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
}
