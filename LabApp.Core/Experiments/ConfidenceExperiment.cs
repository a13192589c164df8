using LabApp.Core.Classifiers;
using LabApp.Core.Data;
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
public sealed record ConfidenceVerdict(ScoredReview Review, double Confidence, bool IsPredicted)
{
    /// <summary>The book's status: PREDICTED, or UNCERTAIN where the classifier refused to predict.</summary>
    public string Status => IsPredicted ? "PREDICTED" : "UNCERTAIN";
}

/// <summary>What one threshold does to a set of reviews: how many are predicted and how many of those are right.</summary>
public sealed record ThresholdOutcome(double Threshold, int Total, int Predicted, int Correct)
{
    public double Coverage => Total == 0 ? 0 : Predicted / (double)Total;

    /// <summary>Accuracy over the predicted reviews only; null when the model abstains on all of them.</summary>
    public double? AccuracyOnPredicted => Predicted == 0 ? null : Correct / (double)Predicted;

    /// <summary>Accuracy as the book computes it: 0 when nothing is predicted.</summary>
    public double BookAccuracy => AccuracyOnPredicted ?? 0;
}

/// <summary>The thresholds that mean something for a measure: the page's slider runs from <see cref="Min"/> to <see cref="Max"/>.</summary>
public sealed record ThresholdRange(double Min, double Max)
{
    public bool Contains(double threshold) => threshold >= Min && threshold <= Max;

    public double Clamp(double threshold) => Math.Clamp(threshold, Min, Max);
}

/// <summary>The analysis at one threshold: every review's verdict, the outcome, the log of fixed thresholds and the whole curve.</summary>
public sealed record ConfidenceResult(
    IReadOnlyList<string> Labels,
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

    /// <summary>The least confident review's confidence: any threshold at or below it predicts everything.</summary>
    public double LowestConfidence => Reviews.Count == 0 ? 0 : Reviews.Min(r => r.Confidence);

    /// <summary>The reviews the classifier refused to predict, in their order: the book's "uncertain cases".</summary>
    public IReadOnlyList<ConfidenceVerdict> Uncertain => Reviews.Where(r => !r.IsPredicted).ToArray();

    /// <summary>What a prediction is called: the label description of its class, as the book prints it.</summary>
    public string LabelOf(int predicted) => Labels[predicted];
}

/// <summary>What the student chose on task 3: the embedding model, their reviews, the two label descriptions, the measure and the threshold.</summary>
public sealed record ConfidenceInputs(string ModelId, IReadOnlyList<LabelledReview> Reviews, IReadOnlyList<string> Labels, ConfidenceMeasure Measure, double Threshold)
{
    /// <summary>How the page opens: the book's reviews, labels and threshold, with its first measure.</summary>
    public static ConfidenceInputs Default { get; } =
        new(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, ConfidenceExperiment.BookThreshold);
}

/// <summary>
/// Medium task 3: let the zero-shot classifier abstain when it is unsure. A higher threshold predicts fewer reviews
/// (coverage falls) and, if the measure means anything, gets more of those right.
/// </summary>
public static class ConfidenceExperiment
{
    /// <summary>The book's <c>confidence_threshold</c>.</summary>
    public const double BookThreshold = 0.15;

    /// <summary>The thresholds of the task's experiment log.</summary>
    public static IReadOnlyList<double> LogThresholds => BookInputs.ConfidenceThresholds;

    public static IReadOnlyList<LabelledReview> BookReviews { get; } = BookInputs.ConfidenceReviews.Select(r => new LabelledReview(r.Text, r.True)).ToArray();

    /// <summary>
    /// The margin is a difference of two cosine similarities of the same review: 0 when the labels tie; the log's
    /// thresholds run to 0.5 (MiniLM's margins on the test split stay below 0.18). "Max similarity − 0.5" is negative
    /// whenever the best label's similarity is below 0.5, which for MiniLM is nearly every review: on the test split
    /// with the book's labels it runs from −0.52 ("press the delete key .", similar to neither label) to 0.09, and on the
    /// book's eight reviews from −0.24 to −0.03. So its range starts at −0.6 and ends at 0.5, a similarity of 1.
    /// </summary>
    public static ThresholdRange RangeOf(ConfidenceMeasure measure) =>
        measure == ConfidenceMeasure.Margin ? new ThresholdRange(0, 0.5) : new ThresholdRange(-0.6, 0.5);

    /// <summary>The thresholds the coverage/accuracy chart is drawn over: the measure's range in steps of 0.01.</summary>
    public static IReadOnlyList<double> CurveThresholds(ConfidenceMeasure measure)
    {
        var range = RangeOf(measure);
        var steps = (int)Math.Round((range.Max - range.Min) * 100);
        return Enumerable.Range(0, steps + 1).Select(i => Math.Round(range.Min + i / 100.0, 2)).ToArray();
    }

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
            if (TypedText.IsBlank(reviews[i].Text))
                return $"Review {i + 1} is empty: type a review or remove it.";
            if (reviews[i].Text.Length > TypedText.MaxCharacters)
                return $"Review {i + 1} has more than {TypedText.MaxCharacters:N0} characters: shorten it.";
            if (reviews[i].True is not (0 or 1))
                return $"Review {i + 1} needs a true label: negative or positive.";
        }

        return null;
    }

    /// <summary>The two label descriptions, class 0 (negative) first; the problem, or null when they can be used.</summary>
    public static string? CheckLabels(IReadOnlyList<string> labels) =>
        labels.Count == 2
            ? ZeroShotClassifier.Validate(labels)
            : $"Give exactly two label descriptions, the negative one first (there {(labels.Count == 1 ? "is one" : $"are {labels.Count}")}).";

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

    /// <summary>The book's decision: a review is predicted when its confidence reaches the threshold (<c>margin &gt;= confidence_threshold</c>).</summary>
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
    public static ConfidenceResult Analyse(IReadOnlyList<ScoredReview> reviews, IReadOnlyList<string> labels, ConfidenceMeasure measure, double threshold)
    {
        var verdicts = reviews.Select(r => new ConfidenceVerdict(r, r.Confidence(measure), r.Confidence(measure) >= threshold)).ToArray();
        var (fixedLog, curve) = FixedOutcomes(reviews, measure);
        var outcome = Outcome(reviews, measure, threshold);
        return new ConfidenceResult(labels, measure, threshold, verdicts, outcome, [.. fixedLog, outcome], curve);
    }

    // The log's fixed thresholds and the curve do not move with the threshold: worked out once per scored list and
    // measure, so a threshold drag (a student's, or a presenter's fanned out to every follower) costs one outcome.
    private static (ThresholdOutcome[] Log, ThresholdOutcome[] Curve) FixedOutcomes(IReadOnlyList<ScoredReview> reviews, ConfidenceMeasure measure) =>
        FixedByList.GetValue(reviews, _ => new()).GetOrAdd(measure, m =>
            ([.. LogThresholds.Select(t => Outcome(reviews, m, t))], [.. CurveThresholds(m).Select(t => Outcome(reviews, m, t))]));

    // Keyed by the list itself: scored lists are never changed once made, and an entry goes with its list.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<ScoredReview>,
        System.Collections.Concurrent.ConcurrentDictionary<ConfidenceMeasure, (ThresholdOutcome[] Log, ThresholdOutcome[] Curve)>> FixedByList = new();
}
