using LabApp.Core.Evaluation;

namespace LabApp.Core.Experiments;

/// <summary>What a classifier offers as its confidence in a prediction, if anything.</summary>
public enum ConfidenceKind
{
    /// <summary>No score per class: the generative and LLM classifiers answer with a word.</summary>
    None,

    /// <summary>The probability it gives its predicted class (logistic regression, the task-specific model).</summary>
    PredictedProbability,

    /// <summary>The top similarity minus the second (class centroids, zero-shot): similarities are not probabilities.</summary>
    Margin,
}

/// <summary>
/// How far one run's confidence can be trusted: selective prediction over its confidence, and for a classifier with
/// probabilities of two classes their calibration. Null where the classifier has no such number.
/// </summary>
public sealed record RunReliability(ConfidenceKind Confidence, SelectiveResult? Selective, CalibrationResult? Calibration)
{
    public static ConfidenceKind ConfidenceOf(string method) => method switch
    {
        SupervisedExperiment.Method or TaskSpecificExperiment.Method => ConfidenceKind.PredictedProbability,
        CentroidExperiment.Method or ZeroShotExperiment.Method => ConfidenceKind.Margin,
        _ => ConfidenceKind.None,
    };

    /// <summary>The confidence in the student's words, for the page and the chart's legend.</summary>
    public static string Describe(ConfidenceKind confidence) => confidence switch
    {
        ConfidenceKind.PredictedProbability => "the predicted class's probability (of the two)",
        ConfidenceKind.Margin => "the margin between the top two similarities",
        _ => "none: it answers with a word, so it cannot abstain by confidence",
    };

    public static RunReliability Of(ClassificationRun run)
    {
        var kind = ConfidenceOf(run.Method);
        if (kind == ConfidenceKind.None || run.Predictions.Count == 0)
            return new RunReliability(kind, null, null);
        var positive = PositiveProbabilities(run);
        var confidence = kind == ConfidenceKind.PredictedProbability && positive is not null
            ? positive.Select(p => Math.Max(1 - p, p)).ToArray()
            : run.Predictions.Select(p => Margin(p.Scores)).ToArray();
        var selective = SelectivePrediction.Of(confidence, run.Predictions.Select(p => p.IsCorrect).ToArray(), run.Predictions.Select(p => p.Index).ToArray());
        var calibration = positive is null ? null : Evaluation.Calibration.Of(run.Predictions.Select(p => p.True).ToArray(), positive);
        return new RunReliability(kind, selective, calibration);
    }

    /// <summary>
    /// P(positive) per prediction for a probabilistic two-class run, else null. The task-specific model's neutral score
    /// is set aside as the book's decision sets it aside: negative and positive renormalised to sum to 1.
    /// </summary>
    public static double[]? PositiveProbabilities(ClassificationRun run) => run.Method switch
    {
        SupervisedExperiment.Method when run.TargetNames.Count == 2 => run.Predictions.Select(p => p.Scores[1]).ToArray(),
        TaskSpecificExperiment.Method => run.Predictions.Select(p => p.Scores[2] / (p.Scores[0] + p.Scores[2])).ToArray(),
        _ => null,
    };

    private static double Margin(IReadOnlyList<double> scores)
    {
        var sorted = scores.OrderDescending().ToArray();
        return sorted.Length < 2 ? sorted[0] : sorted[0] - sorted[1];
    }
}
