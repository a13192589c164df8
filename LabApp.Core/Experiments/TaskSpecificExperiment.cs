using LabApp.Core.Data;
using LabApp.Core.Inference;

namespace LabApp.Core.Experiments;

/// <summary>
/// The task-specific model as the book uses it: argmax over its negative and positive scores, neutral ignored.
/// Each prediction's scores are negative, neutral, positive, so the student sees what neutral would have said.
/// </summary>
public static class TaskSpecificExperiment
{
    public const string Method = "task-specific";

    public static ClassificationRun Evaluate(ReviewSample test, IReadOnlyList<SentimentScores> scores)
    {
        var predictions = scores.Select((s, i) => new Prediction(test.Indices[i], test.Labels[i], s.BinaryLabel, [s.Negative, s.Neutral, s.Positive])).ToArray();
        return ClassificationRun.From(Method, SentimentModel.Card.Id, ClassificationRun.SentimentNames, predictions);
    }

    /// <summary>How many reviews the model scored highest as neutral: the book's decision sets that score aside.</summary>
    public static int NeutralWinners(ClassificationRun run) =>
        run.Predictions.Count(p => p.Scores.Count == 3 && p.Scores[1] > Math.Max(p.Scores[0], p.Scores[2]));
}
