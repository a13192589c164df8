using LabApp.Core.Evaluation;
using LabApp.Core.Models;

namespace LabApp.Core.Experiments;

/// <summary>
/// One point of the learning curve: train on <c>train.shuffle(Seed).select(TrainSize)</c>, test on
/// <c>test.shuffle(Seed).select(TestSize)</c>, both embedded with <see cref="ModelId"/>.
/// </summary>
public sealed record LimitedDataSettings(int TrainSize, int TestSize = LimitedDataExperiment.DefaultTestSize, ulong Seed = 42, string ModelId = ModelCatalog.MiniLmId)
{
    /// <summary>How the page opens.</summary>
    public static LimitedDataSettings Default { get; } = new(1000);
}

/// <summary>A test review with the classifier's prediction and its probability.</summary>
public sealed record TestReviewPrediction(string Text, int True, int Predicted, double Confidence)
{
    public bool IsCorrect => True == Predicted;
}

/// <summary>
/// The scores of one training size. <see cref="TaskSpecificF1"/> (the weighted F1 of the task-specific model on the same
/// test reviews; it needs no training) is null while that model is not on this machine; the page says so instead.
/// </summary>
public sealed record LimitedDataRow(
    LimitedDataSettings Settings,
    double WeightedF1,
    double MacroF1,
    double Accuracy,
    double? TaskSpecificF1,
    IReadOnlyList<TestReviewPrediction> FirstTestReviews)
{
    public int TrainSize => Settings.TrainSize;

    public int TestSize => Settings.TestSize;

    public ulong Seed => Settings.Seed;
}

/// <summary>Weighted F1 against training size for one test subset (test size and seed) and one embedding model.</summary>
public sealed record LearningCurve(string ModelId, int TestSize, ulong Seed, IReadOnlyList<int> TrainSizes, IReadOnlyList<double> WeightedF1);

/// <summary>The rows tried so far, smallest training size first; trying the same settings again replaces the row.</summary>
public sealed record LimitedDataTable(IReadOnlyList<LimitedDataRow> Rows)
{
    public static LimitedDataTable Empty { get; } = new([]);

    /// <summary>One curve per test subset and model: rows of different ones are not comparable points of one curve.</summary>
    public IReadOnlyList<LearningCurve> LearningCurves => Rows
        .GroupBy(r => (r.Settings.ModelId, r.TestSize, r.Seed))
        .Select(g => new LearningCurve(g.Key.ModelId, g.Key.TestSize, g.Key.Seed, g.Select(r => r.TrainSize).ToArray(), g.Select(r => r.WeightedF1).ToArray()))
        .ToArray();

    public LimitedDataTable With(LimitedDataRow row) => new(Rows
        .Where(r => r.Settings != row.Settings)
        .Append(row)
        .OrderBy(r => r.TrainSize).ThenBy(r => r.Seed).ThenBy(r => r.TestSize).ThenBy(r => r.Settings.ModelId, StringComparer.Ordinal)
        .ToArray());
}

/// <summary>
/// Medium task 2: how much labelled data the embeddings + logistic regression classifier needs.
/// The embeddings do the heavy lifting, so a few hundred reviews already get most of the way.
/// </summary>
public static class LimitedDataExperiment
{
    public const int DefaultTestSize = 300;

    public const int SmallestTrainSize = 100;

    /// <summary>rotten_tomatoes' train and test split sizes, the inputs' ranges; a run checks the splits it loaded.</summary>
    public const int TrainSplitSize = 8530, TestSplitSize = 1066;

    /// <summary>The training sizes of the book's table.</summary>
    public static IReadOnlyList<int> BookSizes { get; } = [100, 500, 1000, 2000, 5000];

    public static string? Check(LimitedDataSettings settings, int trainCount, int testCount)
    {
        if (settings.TrainSize < SmallestTrainSize || settings.TrainSize > trainCount)
            return $"Choose a training size from {SmallestTrainSize} to {trainCount} (the whole train split).";
        if (settings.TestSize < 1 || settings.TestSize > testCount)
            return $"Choose a test size from 1 to {testCount} (the whole test split).";
        return null;
    }

    /// <summary>
    /// Fits logistic regression on <paramref name="train"/> and scores it on <paramref name="test"/>, the seeded subsets
    /// of <paramref name="settings"/>.
    /// </summary>
    public static LimitedDataRow Run(LabeledEmbeddings train, LabeledEmbeddings test, LimitedDataSettings settings, double? taskSpecificF1 = null)
    {
        var run = SupervisedExperiment.Run(train, test, settings.ModelId);
        var firstFive = run.Predictions.Take(5)
            .Select((p, i) => new TestReviewPrediction(test.Texts[i], p.True, p.Predicted, p.Scores.Max()))
            .ToArray();
        return new LimitedDataRow(settings, run.Report.WeightedAverage.F1, run.Report.MacroAverage.F1, run.Report.Accuracy, taskSpecificF1, firstFive);
    }
}
