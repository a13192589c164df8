using System.Runtime.CompilerServices;
using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>Medium task 2 on the real data: the seeded subsets, their (cached) embeddings, the fit, and one run log row per size.</summary>
public sealed class LimitedDataRunner(ClassificationLab lab, SettledRuns runs, TimeProvider time)
{
    public const string Page = "limited-data";

    /// <summary>One training size; handed to the run log once it finished uncancelled.</summary>
    /// <exception cref="ArgumentException">A size outside the split, training reviews of one class, or a model that is not an embedding model.</exception>
    public Task<LimitedDataRow> RunAsync(LimitedDataSettings settings, IProgress<RunStep>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(settings, LimitedDataParameters.Of(settings), progress, cancellationToken);

    /// <summary>One row per size, each as soon as it is ready, so a table can grow while the rest still train.</summary>
    public async IAsyncEnumerable<LimitedDataRow> RunSizesAsync(
        LimitedDataSettings settings,
        IReadOnlyList<int> sizes,
        IProgress<RunStep>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var size in sizes)
            yield return await RunAsync(settings with { TrainSize = size }, progress, cancellationToken);
    }

    /// <summary>
    /// Every size for every seed, seed by seed, each row as soon as it is ready (and logged as a run of the seed band);
    /// <see cref="SeedBand.Of"/> turns them into the band.
    /// </summary>
    public async IAsyncEnumerable<LimitedDataRow> RunSeedsAsync(
        LimitedDataSettings settings,
        IReadOnlyList<int> sizes,
        IReadOnlyList<ulong> seeds,
        IProgress<RunStep>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var seed in seeds)
        {
            foreach (var size in sizes)
            {
                var one = settings with { TrainSize = size, Seed = seed };
                yield return await RunAsync(one, new SeedBandParameters(one.ModelId, size, one.TestSize, seed, [.. seeds]), progress, cancellationToken);
            }
        }
    }

    /// <summary>Where the task-specific model's files go, for the sentence shown while it is missing.</summary>
    public string TaskSpecificFolder => lab.Models.FolderOf(SentimentModel.Card);

    private async Task<LimitedDataRow> RunAsync(LimitedDataSettings settings, RunParameters parameters, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        var trainSplit = await lab.Dataset.LoadAsync("train", cancellationToken: cancellationToken);
        var testSplit = await lab.Dataset.LoadAsync("test", cancellationToken: cancellationToken);
        var problem = LimitedDataExperiment.Check(settings, trainSplit.Count, testSplit.Count);
        if (problem is not null)
            throw new ArgumentException(problem);

        var started = time.GetTimestamp();
        var experiment = new ExperimentSettings(settings.ModelId, settings.TrainSize, settings.TestSize, settings.Seed);
        await RunSteps.EmbedSplitAsync(lab, experiment.Model, "train", progress, cancellationToken);
        await RunSteps.EmbedSplitAsync(lab, experiment.Model, "test", progress, cancellationToken);
        progress?.Report(new RunStep($"Training on {settings.TrainSize} reviews and testing on {settings.TestSize}"));
        // Fitted once for the whole class; each student's run is still logged as theirs.
        var row = await lab.RunLimitedDataAsync(settings, cancellationToken);

        cancellationToken.ThrowIfCancellationRequested();
        var scores = new RunScores(row.Accuracy, row.MacroF1, row.WeightedF1, row.TestSize);
        // The table has a row per size and seed: a newer run replaces only the same row's.
        _ = runs.Record(new FinishedRun(Page, SupervisedExperiment.Method, experiment.Model.Id, parameters, scores, time.GetElapsedTime(started))
        {
            Headline = new LimitedDataHeadline(row.WeightedF1, row.TaskSpecificF1),
            Slot = $"train={row.TrainSize} seed={row.Seed}",
        });
        return row;
    }
}
