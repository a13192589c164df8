using LabApp.Core.Evaluation;

namespace LabApp.Core.Experiments;

/// <summary>A test review exactly one of the two runs got right: its row in the test split, its label and both predictions.</summary>
public sealed record Disagreement(int Index, int True, int PredictedA, int PredictedB)
{
    public bool ARight => PredictedA == True;
}

/// <summary>
/// Two runs on the same test reviews, review by review: the 2×2 table of who was right, McNemar's test on the reviews
/// they disagree on, and a paired bootstrap interval of their accuracy difference (A minus B).
/// </summary>
public sealed record PairedComparison(int BothRight, int OnlyA, int OnlyB, int BothWrong, McNemarTest McNemar, AccuracyDifference Difference, IReadOnlyList<Disagreement> Disagreements)
{
    public int Reviews => BothRight + OnlyA + OnlyB + BothWrong;

    /// <summary>Why the two runs cannot be compared review by review (null when they can): they must cover the same test reviews.</summary>
    public static string? Problem(ClassificationRun a, ClassificationRun b)
    {
        if (a.Predictions.Count != b.Predictions.Count)
            return $"The two runs are on different test reviews ({a.Predictions.Count} and {b.Predictions.Count}): give both the same test size and seed.";
        var inB = b.Predictions.Select(p => p.Index).ToHashSet();
        return a.Predictions.All(p => inB.Contains(p.Index)) ? null
            : "The two runs are on different test reviews: give both the same test size and seed.";
    }

    /// <summary>Pairs the reviews by their row in the test split, in A's order; the bootstrap draws from numpy's <c>default_rng(seed)</c>.</summary>
    /// <exception cref="ArgumentException">The runs are not on the same test reviews.</exception>
    public static PairedComparison Of(ClassificationRun a, ClassificationRun b, ulong seed, int resamples = PairedBootstrap.DefaultResamples)
    {
        if (Problem(a, b) is { } problem)
            throw new ArgumentException(problem);
        var inB = b.Predictions.ToDictionary(p => p.Index);
        var rightA = new bool[a.Predictions.Count];
        var rightB = new bool[a.Predictions.Count];
        var disagreements = new List<Disagreement>();
        for (var i = 0; i < rightA.Length; i++)
        {
            var (pa, pb) = (a.Predictions[i], inB[a.Predictions[i].Index]);
            (rightA[i], rightB[i]) = (pa.IsCorrect, pb.IsCorrect);
            if (rightA[i] != rightB[i])
                disagreements.Add(new Disagreement(pa.Index, pa.True, pa.Predicted, pb.Predicted));
        }

        var onlyA = rightA.Zip(rightB).Count(r => r.First && !r.Second);
        var onlyB = rightA.Zip(rightB).Count(r => !r.First && r.Second);
        var bothRight = rightA.Zip(rightB).Count(r => r.First && r.Second);
        return new PairedComparison(bothRight, onlyA, onlyB, rightA.Length - bothRight - onlyA - onlyB, McNemarTest.Of(onlyA, onlyB),
            PairedBootstrap.Of(rightA, rightB, seed, resamples), disagreements);
    }
}
