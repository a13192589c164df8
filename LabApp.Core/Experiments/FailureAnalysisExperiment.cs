using System.Numerics.Tensors;
using LabApp.Core.Classifiers;
using LabApp.Core.Inference;
using LabApp.Core.Models;

namespace LabApp.Core.Experiments;

/// <summary>A test review with the classifier's prediction, the probability it gave that prediction and the review's length in words.</summary>
public sealed record AnalysedReview(int Index, string Text, int True, int Predicted, double Confidence, int Words)
{
    public bool IsCorrect => True == Predicted;

    /// <summary>A negative review called positive.</summary>
    public bool IsFalsePositive => True == 0 && Predicted == 1;

    /// <summary>A positive review called negative.</summary>
    public bool IsFalseNegative => True == 1 && Predicted == 0;
}

/// <summary>Which way the errors lean.</summary>
public enum ErrorBias
{
    Balanced,
    LeansPositive,
    LeansNegative,
}

/// <summary>Review lengths in bins of <see cref="BinWidth"/> words, counted separately for errors and correct predictions.</summary>
public sealed record LengthHistogram(int BinWidth, IReadOnlyList<int> BinStarts, IReadOnlyList<int> Errors, IReadOnlyList<int> Correct)
{
    /// <summary>Each bin's share of all errors: errors are far fewer than correct predictions, so shares compare the two shapes.</summary>
    public IReadOnlyList<double> ErrorShares => Shares(Errors);

    public IReadOnlyList<double> CorrectShares => Shares(Correct);

    /// <summary>"0–4", "5–9", …: the words each bin holds.</summary>
    public IReadOnlyList<string> BinNames => BinStarts.Select(s => $"{s}–{s + BinWidth - 1}").ToArray();

    private static double[] Shares(IReadOnlyList<int> counts)
    {
        var total = counts.Sum();
        return counts.Select(c => total == 0 ? 0 : c / (double)total).ToArray();
    }
}

/// <summary>A hand-written test of one kind of difficulty (negation, sarcasm, …) and the label it should get.</summary>
public sealed record EdgeCase(string Category, string Text, int Expected);

public sealed record EdgeCaseOutcome(EdgeCase Case, int Predicted, double Confidence)
{
    public bool IsCorrect => Case.Expected == Predicted;
}

/// <summary>How many cases of one category the classifier got right.</summary>
public sealed record EdgeCaseCategory(string Name, int Correct, int Total)
{
    public double Accuracy => Total == 0 ? 0 : Correct / (double)Total;
}

/// <summary>The edge-case suite's outcomes beside the accuracy on ordinary test reviews.</summary>
public sealed record EdgeCaseReport(IReadOnlyList<EdgeCaseOutcome> Outcomes, double RegularAccuracy)
{
    public double Accuracy => Outcomes.Count == 0 ? 0 : Outcomes.Count(o => o.IsCorrect) / (double)Outcomes.Count;

    /// <summary>The categories in the order they first appear, so the weakest kind of difficulty stands out.</summary>
    public IReadOnlyList<EdgeCaseCategory> Categories => Outcomes
        .GroupBy(o => o.Case.Category.Trim(), StringComparer.OrdinalIgnoreCase)
        .Select(g => new EdgeCaseCategory(g.Key, g.Count(o => o.IsCorrect), g.Count()))
        .ToArray();
}

/// <summary>The trained classifier (on embeddings of <see cref="ModelId"/>) and everything about its mistakes on the test subset.</summary>
public sealed record FailureAnalysisResult(string ModelId, LogisticRegressionModel Model, IReadOnlyList<AnalysedReview> Reviews)
{
    public double Accuracy => Reviews.Count == 0 ? 0 : Reviews.Count(r => r.IsCorrect) / (double)Reviews.Count;

    public IReadOnlyList<AnalysedReview> Errors { get; } = Reviews.Where(r => !r.IsCorrect).ToArray();

    public int FalsePositives => Errors.Count(r => r.IsFalsePositive);

    public int FalseNegatives => Errors.Count(r => r.IsFalseNegative);

    /// <summary>One kind of error counts as dominant when it is at least half as frequent again as the other.</summary>
    public ErrorBias Bias => FalsePositives >= 1.5 * FalseNegatives && FalsePositives > FalseNegatives ? ErrorBias.LeansPositive
        : FalseNegatives >= 1.5 * FalsePositives && FalseNegatives > FalsePositives ? ErrorBias.LeansNegative
        : ErrorBias.Balanced;

    public string BiasVerdict => Bias switch
    {
        ErrorBias.LeansPositive => $"Leans positive: {FalsePositives} negative reviews were called positive, only {FalseNegatives} positive ones negative.",
        ErrorBias.LeansNegative => $"Leans negative: {FalseNegatives} positive reviews were called negative, only {FalsePositives} negative ones positive.",
        _ => $"No clear bias: {FalsePositives} false positives and {FalseNegatives} false negatives.",
    };

    public double AverageWordsOfErrors => Errors.Count == 0 ? 0 : Errors.Average(r => r.Words);

    public double AverageWordsOfCorrect => Reviews.Any(r => r.IsCorrect) ? Reviews.Where(r => r.IsCorrect).Average(r => r.Words) : 0;

    /// <summary>Wrong predictions the classifier was at least <paramref name="minConfidence"/> sure of, surest first.</summary>
    public IReadOnlyList<AnalysedReview> HighConfidenceErrors(double minConfidence) =>
        Errors.Where(r => r.Confidence >= minConfidence).OrderByDescending(r => r.Confidence).ToArray();

    public LengthHistogram Lengths(int binWidth = 5)
    {
        var bins = Reviews.Count == 0 ? 1 : Reviews.Max(r => r.Words) / binWidth + 1;
        var errors = new int[bins];
        var correct = new int[bins];
        foreach (var review in Reviews)
            (review.IsCorrect ? correct : errors)[review.Words / binWidth]++;
        return new LengthHistogram(binWidth, Enumerable.Range(0, bins).Select(b => b * binWidth).ToArray(), errors, correct);
    }
}

/// <summary>What the student chose on task 4: the embedding model, the edge cases and the confidence that makes an error "high-confidence".</summary>
public sealed record FailureAnalysisInputs(string ModelId, IReadOnlyList<EdgeCase> EdgeCases, double MinConfidence)
{
    /// <summary>How the page opens.</summary>
    public static FailureAnalysisInputs Default { get; } =
        new(ModelCatalog.MiniLmId, FailureAnalysisExperiment.SampleEdgeCases, FailureAnalysisExperiment.DefaultMinConfidence);
}

/// <summary>
/// Medium task 4: where the embeddings + logistic regression classifier goes wrong. Trained on a seeded 1000-review
/// train subset and tested on a seeded 200-review test subset, then probed with a hand-written edge-case suite.
/// </summary>
public static class FailureAnalysisExperiment
{
    public static ExperimentSettings Settings { get; } = new(TrainSize: 1000, TestSize: 200, Seed: 42);

    public const double DefaultMinConfidence = 0.7;

    public static IReadOnlyList<EdgeCase> SampleEdgeCases { get; } =
    [
        new("Negation", "This movie is not bad at all.", 1),
        new("Negation", "I would not call it a good film.", 0),
        new("Sarcasm", "Oh great, another two hours of my life I will never get back.", 0),
        new("Mixed", "Brilliant acting wasted on a script that goes nowhere.", 0),
        new("Mixed", "Slow start, but the ending makes it all worthwhile.", 1),
        new("Very short", "Meh.", 0),
        new("Comparison", "Not as good as the original, but still a lot of fun.", 1),
    ];

    /// <summary>Fits on <paramref name="train"/> and analyses <paramref name="test"/>, both embedded with <paramref name="modelId"/>.</summary>
    public static FailureAnalysisResult Run(LabeledEmbeddings train, LabeledEmbeddings test, string modelId)
    {
        var model = LogisticRegression.Fit(train.Embeddings, train.Labels);
        var reviews = new AnalysedReview[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var (predicted, confidence) = Predict(model, test.Embeddings.Row(i));
            reviews[i] = new AnalysedReview(test.Indices[i], test.Texts[i], test.Labels[i], predicted, confidence, CountWords(test.Texts[i]));
        }

        return new FailureAnalysisResult(modelId, model, reviews);
    }

    public static string? Check(IReadOnlyList<EdgeCase> cases)
    {
        for (var i = 0; i < cases.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(cases[i].Text))
                return $"Edge case {i + 1} has no text: type one or remove the case.";
            if (cases[i].Expected is not (0 or 1))
                return $"Edge case {i + 1} needs an expected label: negative or positive.";
        }

        return null;
    }

    /// <summary>The trained classifier's verdict on each edge case; <paramref name="embeddings"/> row <c>i</c> is case <c>i</c>.</summary>
    public static EdgeCaseReport CheckEdgeCases(FailureAnalysisResult analysis, IReadOnlyList<EdgeCase> cases, EmbeddingMatrix embeddings)
    {
        var outcomes = new EdgeCaseOutcome[cases.Count];
        for (var i = 0; i < cases.Count; i++)
        {
            var (predicted, confidence) = Predict(analysis.Model, embeddings.Row(i));
            outcomes[i] = new EdgeCaseOutcome(cases[i], predicted, confidence);
        }

        return new EdgeCaseReport(outcomes, analysis.Accuracy);
    }

    public static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static (int Predicted, double Confidence) Predict(LogisticRegressionModel model, ReadOnlySpan<float> embedding)
    {
        var probabilities = model.PredictProba(embedding);
        var best = TensorPrimitives.IndexOfMax<double>(probabilities);
        return (model.Classes[best], probabilities[best]);
    }
}
