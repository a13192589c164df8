using LabApp.Core.Book;
using LabApp.Core.Inference;
using LabApp.Core.Models;

namespace LabApp.Core.Experiments;

/// <summary>
/// One point of the learning curve: train on <c>train.shuffle(Seed).select(TrainSize)</c>, test on
/// <c>test.shuffle(Seed).select(TestSize)</c>, both embedded with <see cref="ModelId"/>.
/// </summary>
public sealed record LimitedDataSettings(int TrainSize, int TestSize = LimitedDataExperiment.DefaultTestSize, ulong Seed = 42, string ModelId = ModelCatalog.MiniLmId)
{
    /// <summary>How the page opens: the book's cell, <c>train_size = 1000</c> and <c>test_size = 300</c>.</summary>
    public static LimitedDataSettings Default { get; } = new(1000);
}

/// <summary>
/// One of the first test reviews as the notebook's "EXAMPLE PREDICTIONS" shows it: its true label, the embedding
/// classifier's prediction (and the probability it gave it) and the task-specific model's, when that model is present.
/// </summary>
public sealed record TestReviewPrediction(string Text, int True, int Predicted, double Confidence, int? TaskSpecific = null)
{
    public bool IsCorrect => True == Predicted;

    public bool? TaskSpecificIsCorrect => TaskSpecific is { } predicted ? predicted == True : null;
}

/// <summary>The book's verdict on one training size, in the order its cell tests them.</summary>
public enum LimitedDataVerdict
{
    EmbeddingWins,
    Tied,
    TaskSpecificWins,
}

/// <summary>The approach the book's results table names in its Winner column.</summary>
public enum Approach
{
    Embed,
    Task,
}

/// <summary>Where the task-specific F1 a row is compared with comes from.</summary>
public enum TaskF1Source
{
    /// <summary>The task-specific model ran here, on the row's test reviews.</summary>
    Lab,

    /// <summary>The notebook's printed F1: the model is not on this machine, and the row's test reviews are the book's.</summary>
    Book,
}

/// <summary>The task-specific model's weighted F1 that a row's embedding F1 is compared with, where it comes from, and a caption saying so.</summary>
public sealed record TaskF1Comparison(double F1, TaskF1Source Source, string Caption)
{
    /// <summary>
    /// The book's printed Task F1 (0.7709 in <c>book-printed.json</c>). The task-specific model is not trained on the
    /// training subset, so on the book's test reviews its F1 is the same at every training size.
    /// </summary>
    public static TaskF1Comparison Book { get; } = new(
        BookPrinted.Notebook.Task2.TaskF1,
        TaskF1Source.Book,
        $"book's {ModelCatalog.ShortName(ModelCatalog.Find(BookPrinted.Notebook.Task2.TaskModelId))} F1 on these {BookPrinted.Notebook.Task2.TestSize} reviews");

    public static TaskF1Comparison Lab(double f1, int testSize) =>
        new(f1, TaskF1Source.Lab, $"{ModelCatalog.ShortName(SentimentModel.Card)} F1 on these {testSize} reviews, run here");
}

/// <summary>
/// The scores of one training size. <see cref="TaskSpecificF1"/> (the weighted F1 of the task-specific model on the same
/// test reviews; it needs no training) is null while that model is not on this machine. The comparison
/// (<see cref="TaskComparison"/>, and with it <see cref="Difference"/>, <see cref="Winner"/> and <see cref="Verdict"/>)
/// then takes the book's printed F1 when the test reviews are the book's, and is left out otherwise.
/// </summary>
public sealed record LimitedDataRow(
    LimitedDataSettings Settings,
    double WeightedF1,
    double MacroF1,
    double Accuracy,
    double? TaskSpecificF1,
    IReadOnlyList<TestReviewPrediction> FirstTestReviews)
{
    /// <summary>The book's margin for "essentially tied": the embedding classifier within 0.01 below the task-specific model.</summary>
    public const double TieMargin = 0.01;

    public int TrainSize => Settings.TrainSize;

    public int TestSize => Settings.TestSize;

    public ulong Seed => Settings.Seed;

    /// <summary>
    /// The task-specific F1 this row is compared with: the model's own run here when there was one, else the book's
    /// printed F1 when the test reviews are the book's (<see cref="LimitedDataExperiment.HasBookTestReviews"/>), else none.
    /// </summary>
    public TaskF1Comparison? TaskComparison => TaskSpecificF1 is { } lab ? TaskF1Comparison.Lab(lab, TestSize)
        : LimitedDataExperiment.HasBookTestReviews(Settings) ? TaskF1Comparison.Book
        : null;

    /// <summary>The F1 of <see cref="TaskComparison"/>: what the Task F1 column shows.</summary>
    public double? ComparedTaskF1 => TaskComparison?.F1;

    /// <summary>Embedding F1 minus task-specific F1, the book's "Difference".</summary>
    public double? Difference => WeightedF1 - ComparedTaskF1;

    /// <summary>The table's Winner: <c>'Embed' if embed_f1 &gt; task_f1 else 'Task'</c>.</summary>
    public Approach? Winner => ComparedTaskF1 is { } task ? WeightedF1 > task ? Approach.Embed : Approach.Task : null;

    public LimitedDataVerdict? Verdict => ComparedTaskF1 is not { } task ? null
        : WeightedF1 > task ? LimitedDataVerdict.EmbeddingWins
        : WeightedF1 > task - TieMargin ? LimitedDataVerdict.Tied
        : LimitedDataVerdict.TaskSpecificWins;

    /// <summary>The verdict in the book's words (it prints them after an arrow).</summary>
    public string? VerdictText => Verdict switch
    {
        LimitedDataVerdict.EmbeddingWins => $"Embedding approach WINS with {TrainSize} samples!",
        LimitedDataVerdict.Tied => "Essentially TIED - both perform similarly",
        LimitedDataVerdict.TaskSpecificWins => "Task-specific model wins - embedding needs more data",
        _ => null,
    };
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
/// Medium task 2: how much labelled data the embeddings + logistic regression classifier needs to match a model trained
/// for sentiment already. The embeddings do the heavy lifting, so a few hundred reviews already get most of the way.
/// </summary>
public static class LimitedDataExperiment
{
    public const int DefaultTestSize = 300;

    /// <summary>rotten_tomatoes' train and test split sizes, the inputs' ranges; a run checks the splits it loaded.</summary>
    public const int TrainSplitSize = 8530, TestSplitSize = 1066;

    /// <summary>The training sizes of the book's table.</summary>
    public static IReadOnlyList<int> BookSizes { get; } = [100, 500, 1000, 2000, 5000];

    /// <summary>How many of the test reviews the book prints with their predictions.</summary>
    public const int ExampleCount = 5;

    /// <summary>
    /// Whether the row's test reviews are those the book scored the task-specific model on: the first
    /// <c>test_size = 300</c> of <c>test.shuffle(seed=42)</c>. They do not depend on the embedding model or the training size.
    /// </summary>
    public static bool HasBookTestReviews(LimitedDataSettings settings) =>
        settings.TestSize == BookPrinted.Notebook.Task2.TestSize && settings.Seed == BookPrinted.Notebook.Task2.Seed;

    public static string? Check(LimitedDataSettings settings, int trainCount, int testCount)
    {
        if (settings.TrainSize < 1 || settings.TrainSize > trainCount)
            return $"Choose a training size from 1 to {trainCount} (the whole train split).";
        if (settings.TestSize < 1 || settings.TestSize > testCount)
            return $"Choose a test size from 1 to {testCount} (the whole test split).";
        return null;
    }

    /// <summary>Why the training reviews cannot train a classifier (null when they can): all of one class.</summary>
    public static string? CheckClasses(LimitedDataSettings settings, IReadOnlyList<int> trainLabels)
    {
        if (trainLabels.Distinct().Count() > 1)
            return null;
        var sentiment = trainLabels.Count > 0 && trainLabels[0] == 1 ? "positive" : "negative";
        var reviews = settings.TrainSize == 1 ? "The first training review" : $"The first {settings.TrainSize} training reviews";
        var are = settings.TrainSize == 1 ? "is" : "are all";
        return $"{reviews} of train.shuffle(seed={settings.Seed}) {are} {sentiment}: logistic regression needs both classes, so choose a larger training size.";
    }

    /// <summary>
    /// Fits the book's logistic regression on <paramref name="train"/> and scores it on <paramref name="test"/>, the
    /// seeded subsets of <paramref name="settings"/>, beside the task-specific model's run on the same test reviews.
    /// </summary>
    /// <exception cref="ArgumentException">Training reviews of one class only.</exception>
    public static LimitedDataRow Run(LabeledEmbeddings train, LabeledEmbeddings test, LimitedDataSettings settings, ClassificationRun? taskSpecific = null)
    {
        if (CheckClasses(settings, train.Labels) is { } problem)
            throw new ArgumentException(problem);
        var run = SupervisedExperiment.Run(train, test, settings.ModelId, BookInputs.MediumTaskClassifier);
        var examples = run.Predictions.Take(ExampleCount)
            .Select((p, i) => new TestReviewPrediction(test.Texts[i], p.True, p.Predicted, p.Scores.Max(), taskSpecific?.Predictions[i].Predicted))
            .ToArray();
        return new LimitedDataRow(settings, run.Report.WeightedAverage.F1, run.Report.MacroAverage.F1, run.Report.Accuracy,
            taskSpecific?.Report.WeightedAverage.F1, examples);
    }

    /// <summary>What the page and the command line say in place of the task-specific model's F1 while it is missing.</summary>
    public static string TaskSpecificMissing(string folder) =>
        $"The task-specific model ({SentimentModel.Card.Id}) is not on this machine: on the book's test reviews the book's printed F1 stands in, " +
        "on other test reviews its F1, the difference and the winner are left out. For its own figure, " +
        $"put {string.Join(", ", SentimentModel.Card.Files.Select(f => f.LocalName))} in {folder} (or download it on the /task-specific page).";
}
