using System.Runtime.CompilerServices;
using LabApp.Core.Evaluation;
using LabApp.Core.Runners;

namespace LabApp.Core.Experiments;

/// <summary>One point of the learning curve: train on <c>train.shuffle(Seed).select(TrainSize)</c>, test on <c>test.shuffle(Seed).select(TestSize)</c>.</summary>
public sealed record LimitedDataSettings(int TrainSize, int TestSize = LimitedDataExperiment.DefaultTestSize, ulong Seed = 42);

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
    int TrainSize,
    int TestSize,
    ulong Seed,
    double WeightedF1,
    double Accuracy,
    double? TaskSpecificF1,
    IReadOnlyList<TestReviewPrediction> FirstTestReviews);

/// <summary>Weighted F1 against training size for one test subset (test size and seed).</summary>
public sealed record LearningCurve(int TestSize, ulong Seed, IReadOnlyList<int> TrainSizes, IReadOnlyList<double> WeightedF1);

/// <summary>The rows tried so far, smallest training size first; trying the same settings again replaces the row.</summary>
public sealed record LimitedDataTable(IReadOnlyList<LimitedDataRow> Rows)
{
    public static LimitedDataTable Empty { get; } = new([]);

    /// <summary>One curve per test subset: rows of different test subsets are not comparable points of one curve.</summary>
    public IReadOnlyList<LearningCurve> LearningCurves => Rows
        .GroupBy(r => (r.TestSize, r.Seed))
        .Select(g => new LearningCurve(g.Key.TestSize, g.Key.Seed, g.Select(r => r.TrainSize).ToArray(), g.Select(r => r.WeightedF1).ToArray()))
        .ToArray();

    public LimitedDataTable With(LimitedDataRow row) => new(Rows
        .Where(r => (r.TrainSize, r.TestSize, r.Seed) != (row.TrainSize, row.TestSize, row.Seed))
        .Append(row)
        .OrderBy(r => r.TrainSize).ThenBy(r => r.Seed).ThenBy(r => r.TestSize)
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

    /// <summary>Fits logistic regression on <paramref name="train"/> and scores it on <paramref name="test"/>.</summary>
    public static LimitedDataRow Run(LabeledEmbeddings train, LabeledEmbeddings test, ulong seed, string modelId, double? taskSpecificF1 = null)
    {
        var run = SupervisedExperiment.Run(train, test, modelId);
        var truth = run.Predictions.Select(p => p.True).ToArray();
        var predicted = run.Predictions.Select(p => p.Predicted).ToArray();
        var firstFive = run.Predictions.Take(5)
            .Select((p, i) => new TestReviewPrediction(test.Texts[i], p.True, p.Predicted, p.Scores.Max()))
            .ToArray();
        return new LimitedDataRow(
            train.Count, test.Count, seed,
            ClassificationMetrics.F1(truth, predicted, Average.Weighted),
            ClassificationMetrics.Accuracy(truth, predicted),
            taskSpecificF1,
            firstFive);
    }

    /// <summary>Prepares the seeded subsets (embedding the splits once, through the disk cache) and runs one size.</summary>
    /// <exception cref="ArgumentException">A size outside the split.</exception>
    public static async Task<LimitedDataRow> RunAsync(ClassificationLab lab, LimitedDataSettings settings, string modelId, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var trainSplit = await lab.Dataset.LoadAsync("train", cancellationToken: cancellationToken);
        var testSplit = await lab.Dataset.LoadAsync("test", cancellationToken: cancellationToken);
        var problem = Check(settings, trainSplit.Count, testSplit.Count);
        if (problem is not null)
            throw new ArgumentException(problem);

        var experiment = new ExperimentSettings(modelId, settings.TrainSize, settings.TestSize, settings.Seed);
        var train = await lab.PrepareAsync(experiment, "train", settings.TrainSize, progress, cancellationToken);
        var test = await lab.PrepareAsync(experiment, "test", settings.TestSize, progress, cancellationToken);
        var taskSpecific = await lab.TryRunTaskSpecificAsync(experiment, cancellationToken);
        return await Task.Run(() => Run(train, test, settings.Seed, modelId, taskSpecific?.Report.WeightedAverage.F1), cancellationToken);
    }

    /// <summary>One row per size, each as soon as it is ready, so a table can grow while the rest still train.</summary>
    public static async IAsyncEnumerable<LimitedDataRow> RunSizesAsync(
        ClassificationLab lab,
        IReadOnlyList<int> sizes,
        int testSize,
        ulong seed,
        string modelId,
        IProgress<int>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var size in sizes)
            yield return await RunAsync(lab, new LimitedDataSettings(size, testSize, seed), modelId, progress, cancellationToken);
    }
}
