using LabApp.Core.Data;

namespace LabApp.Core.Experiments;

/// <summary>One prediction as a student reads it: the review's row and text, the class names and the scores.</summary>
public sealed record PredictionRow(int Index, string Text, string True, string Predicted, IReadOnlyList<double> Scores, bool IsCorrect)
{
    /// <summary>The predictions of <paramref name="run"/> with their texts from <paramref name="test"/>, the split they index.</summary>
    public static IReadOnlyList<PredictionRow> Of(ClassificationRun run, ReviewSplit test) =>
        run.Predictions
            .Select(p => new PredictionRow(p.Index, test.Texts[p.Index], run.TargetNames[p.True], run.TargetNames[p.Predicted], p.Scores, p.IsCorrect))
            .ToArray();
}
