using System.Numerics.Tensors;
using LabApp.Core.Classifiers;
using LabApp.Core.Data;
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

/// <summary>Which way the errors lean, by the book's rule: the more frequent kind of error, none when they are as many.</summary>
public enum ErrorBias
{
    None,
    Positive,
    Negative,
}

/// <summary>How the errors' average length compares with the correct predictions', as the book words its observation.</summary>
public enum LengthPattern
{
    None,
    ErrorsShorter,
    ErrorsLonger,
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

/// <summary>The edge-case suite's outcomes beside the accuracy on ordinary test reviews.</summary>
public sealed record EdgeCaseReport(IReadOnlyList<EdgeCaseOutcome> Outcomes, double RegularAccuracy)
{
    public int Correct => Outcomes.Count(o => o.IsCorrect);

    public double Accuracy => Outcomes.Count == 0 ? 0 : Correct / (double)Outcomes.Count;

    /// <summary>The book's "Difference": regular test accuracy minus edge-case accuracy.</summary>
    public double Difference => RegularAccuracy - Accuracy;

    /// <summary>The category of every case the classifier got wrong, in the suite's order, as the book lists them.</summary>
    public IReadOnlyList<string> FailingCategories => Outcomes.Where(o => !o.IsCorrect).Select(o => o.Case.Category).ToArray();
}

/// <summary>
/// The trained classifier (on embeddings of <see cref="ExperimentSettings.ModelId"/>) and everything about its
/// mistakes on the test subset, in the subset's order.
/// </summary>
public sealed record FailureAnalysisResult(ExperimentSettings Settings, LogisticRegressionModel Model, IReadOnlyList<AnalysedReview> Reviews)
{
    public string ModelId => Settings.ModelId;

    public int Correct => Reviews.Count(r => r.IsCorrect);

    public double Accuracy => Reviews.Count == 0 ? 0 : Correct / (double)Reviews.Count;

    public IReadOnlyList<AnalysedReview> Errors { get; } = Reviews.Where(r => !r.IsCorrect).ToArray();

    /// <summary>The errors' share of the test reviews, divided as the book divides it (not 1 − accuracy, which can round otherwise).</summary>
    public double ErrorShare => Reviews.Count == 0 ? 0 : Errors.Count / (double)Reviews.Count;

    public int FalsePositives => Errors.Count(r => r.IsFalsePositive);

    public int FalseNegatives => Errors.Count(r => r.IsFalseNegative);

    public ErrorBias Bias => FalsePositives > FalseNegatives ? ErrorBias.Positive
        : FalseNegatives > FalsePositives ? ErrorBias.Negative
        : ErrorBias.None;

    /// <summary>The book's bias line; it prints none when the two kinds of error are as many.</summary>
    public string? BiasText => Bias switch
    {
        ErrorBias.Positive => "Classifier has POSITIVE BIAS",
        ErrorBias.Negative => "Classifier has NEGATIVE BIAS",
        _ => null,
    };

    /// <summary>The errors' average length in words; 0 without errors, as the book's <c>np.mean(...) if error_lengths else 0</c>.</summary>
    public double AverageWordsOfErrors => Errors.Count == 0 ? 0 : Errors.Average(r => r.Words);

    public double AverageWordsOfCorrect => Reviews.Any(r => r.IsCorrect) ? Reviews.Where(r => r.IsCorrect).Average(r => r.Words) : 0;

    public LengthPattern LengthPattern => AverageWordsOfErrors < AverageWordsOfCorrect ? LengthPattern.ErrorsShorter
        : AverageWordsOfErrors > AverageWordsOfCorrect ? LengthPattern.ErrorsLonger
        : LengthPattern.None;

    /// <summary>The book's observation on the lengths.</summary>
    public string LengthObservation => LengthPattern switch
    {
        LengthPattern.ErrorsShorter => "Errors tend to be SHORTER",
        LengthPattern.ErrorsLonger => "Errors tend to be LONGER",
        _ => "No clear length pattern",
    };

    /// <summary>Wrong predictions made with a confidence above <paramref name="cut"/> (strictly, as the book's <c>&gt; 0.7</c>), in test order.</summary>
    public IReadOnlyList<AnalysedReview> HighConfidenceErrors(double cut) => Errors.Where(r => r.Confidence > cut).ToArray();

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

/// <summary>What the student chose on task 4: the embedding model, the edge cases and the confidence above which an error is "high-confidence".</summary>
public sealed record FailureAnalysisInputs(string ModelId, IReadOnlyList<EdgeCase> EdgeCases, double MinConfidence)
{
    /// <summary>How the page opens: the book's edge cases and its cut.</summary>
    public static FailureAnalysisInputs Default { get; } =
        new(ModelCatalog.MiniLmId, FailureAnalysisExperiment.BookEdgeCases, FailureAnalysisExperiment.BookCut);
}

/// <summary>
/// Medium task 4: where the embeddings + logistic regression classifier goes wrong. Trained on a seeded 1000-review
/// train subset and tested on a seeded 200-review test subset, then probed with a hand-written edge-case suite.
/// </summary>
public static class FailureAnalysisExperiment
{
    /// <summary>The book's subsets: <c>train.shuffle(seed=42).select(range(1000))</c>, and 200 of test.</summary>
    public static ExperimentSettings Settings { get; } = new(TrainSize: 1000, TestSize: 200, Seed: 42);

    /// <summary>The book's "high-confidence": <c>confidence &gt; 0.7</c>.</summary>
    public const double BookCut = 0.7;

    /// <summary>How many high-confidence errors the book prints in full.</summary>
    public const int ShownErrors = 5;

    public static IReadOnlyList<EdgeCase> BookEdgeCases { get; } = BookInputs.EdgeCases.Select(c => new EdgeCase(c.Category, c.Text, c.Expected)).ToArray();

    /// <summary>Fits the book's logistic regression on <paramref name="train"/> and analyses <paramref name="test"/>, the subsets of <paramref name="settings"/>.</summary>
    public static FailureAnalysisResult Run(LabeledEmbeddings train, LabeledEmbeddings test, ExperimentSettings settings)
    {
        var model = LogisticRegression.Fit(train.Embeddings, train.Labels, BookInputs.MediumTaskClassifier);
        var reviews = new AnalysedReview[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var (predicted, confidence) = Predict(model, test.Embeddings.Row(i));
            reviews[i] = new AnalysedReview(test.Indices[i], test.Texts[i], test.Labels[i], predicted, confidence, CountWords(test.Texts[i]));
        }

        return new FailureAnalysisResult(settings, model, reviews);
    }

    public static string? Check(IReadOnlyList<EdgeCase> cases)
    {
        if (cases.Count == 0)
            return "Add at least one edge case, or bring back the book's six.";
        for (var i = 0; i < cases.Count; i++)
        {
            if (TypedText.IsBlank(cases[i].Category))
                return $"Edge case {i + 1} has no category: name the difficulty it tests, such as Sarcastic.";
            if (cases[i].Category.Length > TypedText.MaxCharacters)
                return $"Edge case {i + 1}'s category has more than {TypedText.MaxCharacters:N0} characters: shorten it.";
            if (TypedText.IsBlank(cases[i].Text))
                return $"Edge case {i + 1} has no text: type one or remove the case.";
            if (cases[i].Text.Length > TypedText.MaxCharacters)
                return $"Edge case {i + 1} has more than {TypedText.MaxCharacters:N0} characters: shorten it.";
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
