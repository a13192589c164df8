using LabApp.Core.Classifiers;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>The two classifiers fitted on a model's whole train split, for sentences that are not the test split's.</summary>
public sealed record TrainSplitClassifiers(LogisticRegressionModel Regression, CentroidModel Centroids);

/// <summary>
/// Runs the chapter's embedding experiments on the real data: loads the splits, takes the seeded subsets,
/// fetches the (cached) embeddings and hands them to the pure experiment functions. Shared by the pages and the headless runner.
/// </summary>
public sealed class ClassificationLab(RottenTomatoes dataset, EmbeddingService embeddings, ClassifierModels classifiers, ModelStore models)
{
    // Students choose the test size and seed, so the runs kept are bounded: a run is a few hundred kilobytes at most.
    private readonly SharedTasks<(int? TestSize, ulong Seed), ClassificationRun> _taskSpecificRuns = new(TaskSpecificRunsKept);
    private readonly SharedTasks<ExperimentSettings, CalibratedRun> _supervisedRuns = new(FittedRunsKept);
    private readonly SharedTasks<ExperimentSettings, ClassificationRun> _centroidRuns = new(FittedRunsKept);
    private readonly SharedTasks<(LimitedDataSettings Settings, bool WithTaskSpecific), LimitedDataRow> _limitedDataRows = new(FittedRunsKept);
    private readonly SharedTasks<ExperimentSettings, FailureAnalysisResult> _failureAnalyses = new(FittedRunsKept);
    // One pair per embedding model of the catalog: the key space is the bound.
    private readonly SharedTasks<string, TrainSplitClassifiers> _trainSplitClassifiers = new(ModelCatalog.Embedders.Count);

    /// <summary>How many task-specific runs (by test size and seed) stay in memory, least recently used forgotten first.</summary>
    public const int TaskSpecificRunsKept = 32;

    /// <summary>
    /// How many logistic-regression and centroid runs (by model, sizes and seed: everything they depend on) stay in
    /// memory each, shared by every student: the page everyone opens first is fitted once, not once per student. The
    /// limited-data rows and the failure analyses are kept as many each.
    /// </summary>
    public const int FittedRunsKept = 64;

    public RottenTomatoes Dataset => dataset;

    public EmbeddingService Embeddings => embeddings;

    public ModelStore Models => models;

    /// <summary>The logistic regression's run: the one <see cref="RunSupervisedCalibratedAsync"/> fits and keeps for everyone.</summary>
    public async Task<ClassificationRun> RunSupervisedAsync(ExperimentSettings settings, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        (await RunSupervisedCalibratedAsync(settings, progress, cancellationToken)).Run;

    /// <summary>
    /// The logistic regression's run with its temperature fitted on the whole validation split, and the calibration before
    /// and after; fitted once per full settings and shared, so the warm start's fit is the one the supervised page shows.
    /// </summary>
    /// <exception cref="ArgumentException">The training reviews are all of one class: nothing is embedded.</exception>
    public async Task<CalibratedRun> RunSupervisedCalibratedAsync(ExperimentSettings settings, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var trainSample = await SampleAsync("train", settings.TrainSize, settings.Seed, cancellationToken);
        if (LimitedDataExperiment.CheckClasses(new LimitedDataSettings(trainSample.Count, Seed: settings.Seed, ModelId: settings.ModelId), trainSample.Labels) is { } oneClass)
            throw new ArgumentException(oneClass);
        var train = await PrepareAsync(settings, "train", settings.TrainSize, progress, cancellationToken);
        var validation = await PrepareAsync(settings, "validation", null, progress, cancellationToken);
        var test = await PrepareAsync(settings, "test", settings.TestSize, progress, cancellationToken);
        return await _supervisedRuns.GetOrStart(settings, () => Task.Run(() => SupervisedExperiment.RunCalibrated(train, validation, test, settings.ModelId)))
            .WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The logistic regression and the centroids fitted on the whole train split of <paramref name="modelId"/>'s
    /// embeddings, with the book's options: fitted once and shared by everyone who classifies their own sentences with them.
    /// </summary>
    public async Task<TrainSplitClassifiers> TrainSplitClassifiersAsync(string modelId, CancellationToken cancellationToken = default)
    {
        var train = await PrepareAsync(new ExperimentSettings(modelId), "train", null, cancellationToken: cancellationToken);
        return await _trainSplitClassifiers.GetOrStart(modelId, () => Task.Run(() =>
            new TrainSplitClassifiers(LogisticRegression.Fit(train.Embeddings, train.Labels), CentroidClassifier.Fit(train.Embeddings, train.Labels)))).WaitAsync(cancellationToken);
    }

    public async Task<ClassificationRun> RunCentroidAsync(ExperimentSettings settings, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var train = await PrepareAsync(settings, "train", settings.TrainSize, progress, cancellationToken);
        var test = await PrepareAsync(settings, "test", settings.TestSize, progress, cancellationToken);
        return await _centroidRuns.GetOrStart(settings, () => Task.Run(() => CentroidExperiment.Run(train, test, settings.ModelId))).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Medium task 2's row for one training size (<see cref="LimitedDataExperiment.Run"/> on the seeded subsets, beside the
    /// task-specific model's run when its files are here): fitted once per full settings and shared, since a class
    /// trains the book's few sizes with the same seed at the same time. The splits' embeddings are expected to be
    /// embedded already (the runner reports that step); a missing one is embedded here.
    /// </summary>
    /// <exception cref="ArgumentException">The training reviews are all of one class.</exception>
    public async Task<LimitedDataRow> RunLimitedDataAsync(LimitedDataSettings settings, CancellationToken cancellationToken = default)
    {
        var experiment = new ExperimentSettings(settings.ModelId, settings.TrainSize, settings.TestSize, settings.Seed);
        var taskSpecific = await TryRunTaskSpecificAsync(experiment, cancellationToken);
        // The task-specific run is a function of the test subset, so only whether there is one is part of the key.
        return await _limitedDataRows.GetOrStart((settings, taskSpecific is not null), async () =>
        {
            var train = await PrepareAsync(experiment, "train", settings.TrainSize);
            var test = await PrepareAsync(experiment, "test", settings.TestSize);
            return await Task.Run(() => LimitedDataExperiment.Run(train, test, settings, taskSpecific));
        }).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Medium task 4's classifier and its mistakes on the test subset (<see cref="FailureAnalysisExperiment.Run"/>):
    /// fitted once per full settings and shared by every student who opens the page. The splits' embeddings are
    /// expected to be embedded already (the runner reports that step); a missing one is embedded here.
    /// </summary>
    public Task<FailureAnalysisResult> AnalyseFailuresAsync(ExperimentSettings settings, CancellationToken cancellationToken = default) =>
        _failureAnalyses.GetOrStart(settings, async () =>
        {
            var train = await PrepareAsync(settings, "train", settings.TrainSize);
            var test = await PrepareAsync(settings, "test", settings.TestSize);
            return await Task.Run(() => FailureAnalysisExperiment.Run(train, test, settings));
        }).WaitAsync(cancellationToken);

    public async Task<ClassificationRun> RunZeroShotAsync(ExperimentSettings settings, IReadOnlyList<string> labels, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var problem = Classifiers.ZeroShotClassifier.Validate(labels);
        if (problem is not null)
            throw new ArgumentException(problem);
        var test = await PrepareAsync(settings, "test", settings.TestSize, progress, cancellationToken);
        var labelEmbeddings = await embeddings.EmbedTextsAsync(settings.Model, labels, cancellationToken);
        return await Task.Run(() => ZeroShotExperiment.Run(test, labels, labelEmbeddings, settings.ModelId), cancellationToken);
    }

    /// <summary>The task-specific sentiment model on the test split (or its seeded subset).</summary>
    public async Task<ClassificationRun> RunTaskSpecificAsync(ExperimentSettings settings, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var model = await classifiers.GetSentimentModelAsync(cancellationToken: cancellationToken);
        var test = await SampleAsync("test", settings.TestSize, settings.Seed, cancellationToken);
        var scores = await model.ScoreAsync(test.Texts, progress, cancellationToken: cancellationToken);
        return TaskSpecificExperiment.Evaluate(test, scores);
    }

    /// <summary>
    /// The task-specific model's run on the test subset when the model is already on this machine (no download is
    /// started for a comparison column), else null. Computed once per subset: it does not depend on training data.
    /// </summary>
    public async Task<ClassificationRun?> TryRunTaskSpecificAsync(ExperimentSettings settings, CancellationToken cancellationToken = default)
    {
        if (!models.HasAllFiles(SentimentModel.Card))
            return null;
        return await _taskSpecificRuns.GetOrStart((settings.TestSize, settings.Seed), () => RunTaskSpecificAsync(settings)).WaitAsync(cancellationToken);
    }

    /// <summary>The task-specific model's scores of texts a student wrote, when its files are on this machine (nothing is downloaded for it), else null.</summary>
    public async Task<IReadOnlyList<SentimentScores>?> TryScoreTaskSpecificAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (!models.HasAllFiles(SentimentModel.Card))
            return null;
        var model = await classifiers.GetSentimentModelAsync(cancellationToken: cancellationToken);
        return await model.ScoreAsync(texts, cancellationToken: cancellationToken);
    }

    /// <summary>Flan-T5's answers to the book's prompt for texts a student wrote, when its files are on this machine, else null.</summary>
    public async Task<IReadOnlyList<GeneratedAnswer>?> TryAnswerGenerativeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (!models.HasAllFiles(GenerativeClassifier.Card))
            return null;
        var model = await classifiers.GetGenerativeClassifierAsync(cancellationToken: cancellationToken);
        return await model.ClassifyAsync(texts, cancellationToken: cancellationToken);
    }

    /// <summary>Flan-T5 prompted with <paramref name="prompt"/> on the test split (or its seeded subset).</summary>
    public async Task<GenerativeRun> RunGenerativeAsync(ExperimentSettings settings, string prompt, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var model = await classifiers.GetGenerativeClassifierAsync(cancellationToken: cancellationToken);
        var test = await SampleAsync("test", settings.TestSize, settings.Seed, cancellationToken);
        var answers = await model.ClassifyAsync(test.Texts, prompt, progress: progress, cancellationToken: cancellationToken);
        return GenerativeExperiment.Evaluate(test, answers);
    }

    /// <summary>The split's seeded subset (or all of it, in row order).</summary>
    public async Task<ReviewSample> SampleAsync(string split, int? size, ulong seed, CancellationToken cancellationToken = default) =>
        ReviewSample.Of(await dataset.LoadAsync(split, cancellationToken: cancellationToken), size, seed);

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
        var sample = await SampleAsync(split, size, settings.Seed, cancellationToken);
        var all = await embeddings.EmbedSplitAsync(settings.Model, split, progress, cancellationToken);
        return new LabeledEmbeddings(sample, all.Select(sample.Indices));
    }
}
