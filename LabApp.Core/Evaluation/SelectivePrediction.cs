namespace LabApp.Core.Evaluation;

/// <summary>One point of a risk–coverage curve: the share of reviews answered and the error rate among them.</summary>
public sealed record RiskCoveragePoint(double Coverage, double Risk);

/// <summary>
/// A classifier that may abstain: answering only its most confident reviews, how often is it wrong? <see cref="Curve"/>
/// has one point per number of reviews answered, most confident first.
/// </summary>
/// <param name="Aurc">The area under the risk–coverage curve: the mean selective risk over all coverages (lower is better).</param>
/// <param name="EAurc">The excess over the best a confidence could do with the same errors: <c>AURC − (r + (1 − r)·ln(1 − r))</c>.</param>
/// <param name="AccuracyAt80">The accuracy on the 80 % most confident reviews (the first ⌈0.8·n⌉).</param>
/// <param name="ErrorRate">The error rate over every review, <c>r</c>.</param>
public sealed record SelectiveResult(IReadOnlyList<RiskCoveragePoint> Curve, double Aurc, double EAurc, double AccuracyAt80, double ErrorRate)
{
    /// <summary>The largest coverage whose selective risk is at most <paramref name="risk"/>; 0 when even the most confident review is wrong.</summary>
    public double CoverageAtRisk(double risk) => Curve.Where(p => p.Risk <= risk).Select(p => p.Coverage).DefaultIfEmpty(0).Max();
}

/// <summary>Selective prediction (risk–coverage) as Geifman and El-Yaniv define it, over a classifier's own confidence.</summary>
public static class SelectivePrediction
{
    /// <summary>
    /// Sorts the reviews by <paramref name="confidence"/>, highest first, ties by <paramref name="index"/> (the row in the
    /// test split), and reads the selective risk after each: errors among the first k / k at coverage k/n.
    /// </summary>
    public static SelectiveResult Of(IReadOnlyList<double> confidence, IReadOnlyList<bool> correct, IReadOnlyList<int> index)
    {
        var n = confidence.Count;
        if (n == 0 || correct.Count != n || index.Count != n)
            throw new ArgumentException("Selective prediction needs one confidence, outcome and test index per review, and at least one review.");
        var order = Enumerable.Range(0, n).OrderByDescending(i => confidence[i]).ThenBy(i => index[i]).ToArray();
        var curve = new RiskCoveragePoint[n];
        var errors = 0;
        var riskSum = 0.0;
        for (var k = 1; k <= n; k++)
        {
            if (!correct[order[k - 1]])
                errors++;
            var risk = (double)errors / k;
            riskSum += risk;
            curve[k - 1] = new RiskCoveragePoint((double)k / n, risk);
        }

        var aurc = riskSum / n;
        var r = (double)errors / n;
        // The best curve with r·n errors answers every right review first; its area tends to r + (1 − r)·ln(1 − r), 1 at r = 1.
        var optimal = r < 1 ? r + (1 - r) * Math.Log(1 - r) : 1;
        var at80 = (4 * n + 4) / 5;
        return new SelectiveResult(curve, aurc, aurc - optimal, 1 - curve[at80 - 1].Risk, r);
    }
}
