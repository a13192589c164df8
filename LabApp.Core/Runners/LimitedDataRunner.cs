using System.Globalization;
using System.Runtime.CompilerServices;
using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>Medium task 2 on the real data: the seeded subsets, their (cached) embeddings, the fit, and one run log row per size.</summary>
public sealed class LimitedDataRunner(ClassificationLab lab, SettledRuns runs, TimeProvider time)
{
    public const string Page = "limited-data";

    /// <summary>One training size; recorded once it finished uncancelled.</summary>
    /// <exception cref="ArgumentException">A size outside the split, training reviews of one class, or a model that is not an embedding model.</exception>
    public async Task<LimitedDataRow> RunAsync(LimitedDataSettings settings, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var trainSplit = await lab.Dataset.LoadAsync("train", cancellationToken: cancellationToken);
        var testSplit = await lab.Dataset.LoadAsync("test", cancellationToken: cancellationToken);
        var problem = LimitedDataExperiment.Check(settings, trainSplit.Count, testSplit.Count);
        if (problem is not null)
            throw new ArgumentException(problem);

        var started = time.GetTimestamp();
        var experiment = new ExperimentSettings(settings.ModelId, settings.TrainSize, settings.TestSize, settings.Seed);
        var train = await lab.PrepareAsync(experiment, "train", settings.TrainSize, progress, cancellationToken);
        var test = await lab.PrepareAsync(experiment, "test", settings.TestSize, progress, cancellationToken);
        var taskSpecific = await lab.TryRunTaskSpecificAsync(experiment, cancellationToken);
        var row = await Task.Run(() => LimitedDataExperiment.Run(train, test, settings, taskSpecific), cancellationToken);

        cancellationToken.ThrowIfCancellationRequested();
        var scores = new RunScores(row.Accuracy, row.MacroF1, row.WeightedF1, row.TestSize);
        runs.Record(new SettledRun(Page, SupervisedExperiment.Method, experiment.Model.Id, Describe(row), scores, time.GetElapsedTime(started)), "");
        return row;
    }

    /// <summary>One row per size, each as soon as it is ready, so a table can grow while the rest still train.</summary>
    public async IAsyncEnumerable<LimitedDataRow> RunSizesAsync(
        LimitedDataSettings settings,
        IReadOnlyList<int> sizes,
        IProgress<int>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var size in sizes)
            yield return await RunAsync(settings with { TrainSize = size }, progress, cancellationToken);
    }

    /// <summary>
    /// Every size for every seed, seed by seed, each row as soon as it is ready (and recorded as <see cref="RunAsync"/>
    /// records it); <see cref="SeedBand.Of"/> turns them into the band.
    /// </summary>
    public async IAsyncEnumerable<LimitedDataRow> RunSeedsAsync(
        LimitedDataSettings settings,
        IReadOnlyList<int> sizes,
        IReadOnlyList<ulong> seeds,
        IProgress<int>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var seed in seeds)
            await foreach (var row in RunSizesAsync(settings with { Seed = seed }, sizes, progress, cancellationToken))
                yield return row;
    }

    /// <summary>Where the task-specific model's files go, for the sentence shown while it is missing.</summary>
    public string TaskSpecificFolder => lab.Models.FolderOf(SentimentModel.Card);

    /// <summary>The row's settings as the run log shows them, with the task-specific model's F1 when it ran.</summary>
    public static string Describe(LimitedDataRow row) => string.Create(CultureInfo.InvariantCulture,
        $"model={ModelCatalog.ShortName(ModelCatalog.Find(row.Settings.ModelId))} train={row.TrainSize} test={row.TestSize} seed={row.Seed} " +
        $"task_f1={(row.TaskSpecificF1 is { } f1 ? BookFormat.Fixed(f1, 4) : "—")}");
}
