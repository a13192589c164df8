using LabApp.Core.Data;
using LabApp.Core.Inference;

namespace LabApp.Core.Experiments;

/// <summary>
/// Runs the chapter's embedding experiments on the real data: loads the splits, takes the seeded subsets,
/// fetches the (cached) embeddings and hands them to the pure experiment functions. Shared by the pages and the headless runner.
/// </summary>
public sealed class ClassificationLab(RottenTomatoes dataset, EmbeddingService embeddings)
{
    public RottenTomatoes Dataset => dataset;

    public EmbeddingService Embeddings => embeddings;

    public async Task<ClassificationRun> RunSupervisedAsync(ExperimentSettings settings, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var train = await PrepareAsync(settings, "train", settings.TrainSize, progress, cancellationToken);
        var test = await PrepareAsync(settings, "test", settings.TestSize, progress, cancellationToken);
        return await Task.Run(() => SupervisedExperiment.Run(train, test, settings.ModelId), cancellationToken);
    }

    public async Task<ClassificationRun> RunCentroidAsync(ExperimentSettings settings, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var train = await PrepareAsync(settings, "train", settings.TrainSize, progress, cancellationToken);
        var test = await PrepareAsync(settings, "test", settings.TestSize, progress, cancellationToken);
        return CentroidExperiment.Run(train, test, settings.ModelId);
    }

    public async Task<ClassificationRun> RunZeroShotAsync(ExperimentSettings settings, IReadOnlyList<string> labels, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var problem = Classifiers.ZeroShotClassifier.Validate(labels);
        if (problem is not null)
            throw new ArgumentException(problem);
        var test = await PrepareAsync(settings, "test", settings.TestSize, progress, cancellationToken);
        var labelEmbeddings = await embeddings.EmbedTextsAsync(settings.Model, labels, cancellationToken);
        return ZeroShotExperiment.Run(test, labels, labelEmbeddings, settings.ModelId);
    }

    /// <summary>Why the settings' train or test size cannot be used (null each when it can): for the messages beside the inputs.</summary>
    public async Task<SizeProblems> CheckSizesAsync(ExperimentSettings settings, CancellationToken cancellationToken = default)
    {
        var train = await dataset.LoadAsync("train", cancellationToken: cancellationToken);
        var test = await dataset.LoadAsync("test", cancellationToken: cancellationToken);
        return new SizeProblems(
            settings.TrainSize is { } n ? train.SubsetProblem(n) : null,
            settings.TestSize is { } m ? test.SubsetProblem(m) : null);
    }

    /// <summary>The split's seeded subset (or all of it, in row order) with its embeddings.</summary>
    public async Task<LabeledEmbeddings> PrepareAsync(ExperimentSettings settings, string split, int? size, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var reviews = await dataset.LoadAsync(split, cancellationToken: cancellationToken);
        var indices = size is { } n ? reviews.SeededSubset(n, settings.Seed) : Enumerable.Range(0, reviews.Count).ToArray();
        var all = await embeddings.EmbedSplitAsync(settings.Model, split, progress, cancellationToken);
        return new LabeledEmbeddings(reviews, indices, all.Select(indices));
    }
}
