using LabApp.Core.Classifiers;
using LabApp.Core.Models;

namespace LabApp.Core.Experiments;

/// <summary>How confident a zero-shot prediction is taken to be.</summary>
public enum ConfidenceMeasure
{
    /// <summary>The best label's similarity minus the second best's: how clearly one label wins.</summary>
    Margin,

    /// <summary>The best label's similarity minus 0.5: how close the review is to its label at all.</summary>
    MaxSimilarity,
}

/// <summary>A review the student labelled: its text and true class (0 = negative, 1 = positive).</summary>
public sealed record LabelledReview(string Text, int True);

/// <summary>A review with its zero-shot prediction and the two similarities both confidence measures are made of.</summary>
public sealed record ScoredReview(string Text, int True, int Predicted, double BestSimilarity, double SecondSimilarity)
{
    public bool IsCorrect => True == Predicted;

    public double Confidence(ConfidenceMeasure measure) => measure switch
    {
        ConfidenceMeasure.Margin => BestSimilarity - SecondSimilarity,
        _ => BestSimilarity - 0.5,
    };
}

/// <summary>A review at the chosen threshold: predicted when its confidence reaches the threshold, otherwise abstained.</summary>
public sealed record ConfidenceVerdict(ScoredReview Review, double Confidence, bool IsPredicted);

/// <summary>What one threshold does to a set of reviews: how many are predicted and how many of those are right.</summary>
public sealed record ThresholdOutcome(double Threshold, int Total, int Predicted, int Correct)
{
    public double Coverage => Total == 0 ? 0 : Predicted / (double)Total;

    /// <summary>Accuracy over the predicted reviews only; null when the model abstains on all of them.</summary>
    public double? AccuracyOnPredicted => Predicted == 0 ? null : Correct / (double)Predicted;
}

/// <summary>The analysis at one threshold: every review's verdict, the outcome, the log of fixed thresholds and the whole curve.</summary>
public sealed record ConfidenceResult(
    ConfidenceMeasure Measure,
    double Threshold,
    IReadOnlyList<ConfidenceVerdict> Reviews,
    ThresholdOutcome Outcome,
    IReadOnlyList<ThresholdOutcome> Log,
    IReadOnlyList<ThresholdOutcome> Curve)
{
    /// <summary>
    /// The most confident review's confidence: any threshold above it abstains on everything. Small embedding models
    /// give small similarities, so this can sit well below the thresholds of the log.
    /// </summary>
    public double HighestConfidence => Reviews.Count == 0 ? 0 : Reviews.Max(r => r.Confidence);
}

/// <summary>What the student chose on task 3: the embedding model, their reviews, the measure and the threshold.</summary>
public sealed record ConfidenceInputs(string ModelId, IReadOnlyList<LabelledReview> Reviews, ConfidenceMeasure Measure, double Threshold)
{
    /// <summary>How the page opens.</summary>
    public static ConfidenceInputs Default { get; } = new(ModelCatalog.MiniLmId, ConfidenceExperiment.SampleReviews, ConfidenceMeasure.Margin, 0.15);
}

/// <summary>
/// Medium task 3: let the zero-shot classifier abstain when it is unsure. A higher threshold predicts fewer reviews
/// (coverage falls) and, if the measure means anything, gets more of those right.
/// </summary>
public static class ConfidenceExperiment
{
    /// <summary>The thresholds of the task's experiment log.</summary>
    public static IReadOnlyList<double> LogThresholds { get; } = [0.05, 0.15, 0.30, 0.50];

    /// <summary>The thresholds the coverage/accuracy chart is drawn over: 0 to 0.5 in steps of 0.01.</summary>
    public static IReadOnlyList<double> CurveThresholds { get; } = Enumerable.Range(0, 51).Select(i => i / 100.0).ToArray();

    public static IReadOnlyList<string> Labels => ZeroShotExperiment.BookLabels;

    public static IReadOnlyList<LabelledReview> SampleReviews { get; } =
    [
        new("An absolute triumph of storytelling.", 1),
        new("I want those two hours of my life back.", 0),
        new("It has its moments, I suppose.", 1),
        new("Not bad, but not good either.", 0),
        new("The cast is wonderful even when the script is not.", 1),
        new("A dull, lifeless remake.", 0),
    ];

    /// <summary>The measure a query string names (<c>margin</c> or <c>max</c>), or null when it names none.</summary>
    public static ConfidenceMeasure? MeasureNamed(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "margin" => ConfidenceMeasure.Margin,
        "max" or "max-similarity" or "maxsimilarity" => ConfidenceMeasure.MaxSimilarity,
        _ => null,
    };

    public static string NameOf(ConfidenceMeasure measure) => measure == ConfidenceMeasure.Margin ? "margin" : "max";

    public static string? Check(IReadOnlyList<LabelledReview> reviews)
    {
        if (reviews.Count == 0)
            return "Add at least one review.";
        for (var i = 0; i < reviews.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(reviews[i].Text))
                return $"Review {i + 1} is empty: type a review or remove it.";
            if (reviews[i].True is not (0 or 1))
                return $"Review {i + 1} needs a true label: negative or positive.";
        }

        return null;
    }

    /// <summary>Each review's prediction and top-two similarities, from its similarities with the label descriptions.</summary>
    public static IReadOnlyList<ScoredReview> Score(IReadOnlyList<string> texts, IReadOnlyList<int> truth, SimilarityMatrix similarities)
    {
        var scored = new ScoredReview[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var (best, second) = similarities.TopTwo(i);
            scored[i] = new ScoredReview(texts[i], truth[i], best, similarities[i, best], similarities[i, second]);
        }

        return scored;
    }

    public static ThresholdOutcome Outcome(IReadOnlyList<ScoredReview> reviews, ConfidenceMeasure measure, double threshold)
    {
        int predicted = 0, correct = 0;
        foreach (var review in reviews)
        {
            if (review.Confidence(measure) < threshold)
                continue;
            predicted++;
            if (review.IsCorrect)
                correct++;
        }

        return new ThresholdOutcome(threshold, reviews.Count, predicted, correct);
    }

    /// <summary>The whole analysis at <paramref name="threshold"/>; the log holds the fixed thresholds and then this one.</summary>
    public static ConfidenceResult Analyse(IReadOnlyList<ScoredReview> reviews, ConfidenceMeasure measure, double threshold)
    {
        var verdicts = reviews.Select(r => new ConfidenceVerdict(r, r.Confidence(measure), r.Confidence(measure) >= threshold)).ToArray();
        var log = LogThresholds.Append(threshold).Select(t => Outcome(reviews, measure, t)).ToArray();
        var curve = CurveThresholds.Select(t => Outcome(reviews, measure, t)).ToArray();
        return new ConfidenceResult(measure, threshold, verdicts, Outcome(reviews, measure, threshold), log, curve);
    }
}
