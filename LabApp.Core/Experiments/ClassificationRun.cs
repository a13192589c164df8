using LabApp.Core.Evaluation;

namespace LabApp.Core.Experiments;

/// <summary>One review's outcome: its row in the test split, the true and predicted class, and the classifier's score per class.</summary>
public sealed record Prediction(int Index, int True, int Predicted, IReadOnlyList<double> Scores)
{
    public bool IsCorrect => True == Predicted;
}

/// <summary>What one experiment produced: the classification report and every prediction behind it.</summary>
public sealed record ClassificationRun(string Method, string ModelId, IReadOnlyList<string> TargetNames, ClassificationReport Report, IReadOnlyList<Prediction> Predictions)
{
    /// <summary>The book's names for the two sentiment classes, in label order.</summary>
    public static IReadOnlyList<string> SentimentNames { get; } = ["Negative Review", "Positive Review"];

    /// <summary>Counts with rows = true class, columns = predicted class, both in <see cref="TargetNames"/> order.</summary>
    public int[,] ConfusionMatrix() => ClassificationMetrics.ConfusionMatrix(
        Predictions.Select(p => p.True).ToArray(), Predictions.Select(p => p.Predicted).ToArray(), Enumerable.Range(0, TargetNames.Count).ToArray());

    /// <summary>The predictions in one cell of <see cref="ConfusionMatrix"/>: true class <paramref name="trueClass"/>, predicted <paramref name="predictedClass"/>, in test order.</summary>
    public IReadOnlyList<Prediction> InCell(int trueClass, int predictedClass) =>
        Predictions.Where(p => p.True == trueClass && p.Predicted == predictedClass).ToArray();

    public static ClassificationRun From(string method, string modelId, IReadOnlyList<string> targetNames, IReadOnlyList<Prediction> predictions)
    {
        var truth = predictions.Select(p => p.True).ToArray();
        var predicted = predictions.Select(p => p.Predicted).ToArray();
        var labels = Enumerable.Range(0, targetNames.Count).ToArray();
        return new ClassificationRun(method, modelId, targetNames, ClassificationReport.Create(truth, predicted, labels, targetNames), predictions);
    }
}
