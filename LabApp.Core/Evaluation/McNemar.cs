using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace LabApp.Core.Evaluation;

/// <summary>
/// McNemar's test of two classifiers on the same reviews: do they make different numbers of mistakes, or did one just
/// get lucky? Only the reviews exactly one of them gets right count.
/// </summary>
/// <param name="ExactP">statsmodels' <c>mcnemar(table, exact=True).pvalue</c>: the two-sided binomial test of the discordant reviews against ½.</param>
/// <param name="ChiSquared">statsmodels' <c>mcnemar(table, exact=False, correction=True).statistic</c>, (|b − c| − 1)² / (b + c); null when no review is discordant.</param>
/// <param name="ChiSquaredP">Its p-value from the χ² distribution with one degree of freedom; null with it.</param>
public sealed record McNemarTest(int OnlyA, int OnlyB, double ExactP, double? ChiSquared, double? ChiSquaredP)
{
    public static McNemarTest Of(int onlyA, int onlyB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyA);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyB);
        var discordant = onlyA + onlyB;
        if (discordant == 0)
            return new McNemarTest(onlyA, onlyB, 1, null, null);
        var exact = Math.Min(1, 2 * Binomial.CDF(0.5, discordant, Math.Min(onlyA, onlyB)));
        var chi2 = Math.Pow(Math.Abs(onlyA - onlyB) - 1, 2) / discordant;
        // The upper tail directly (1 − CDF would lose the small p-values): χ²₁ survival = Q(½, x/2).
        return new McNemarTest(onlyA, onlyB, exact, chi2, SpecialFunctions.GammaUpperRegularized(0.5, chi2 / 2));
    }
}
