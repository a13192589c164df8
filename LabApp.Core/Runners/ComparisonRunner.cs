using System.Globalization;
using LabApp.Core.Classifiers;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>
/// One side of a paired comparison: a classification run given by everything that decides its predictions, so it can
/// be made again exactly (the run log keeps a run's parameters and scores, not its predictions).
/// </summary>
public sealed record ComparedRun(string Method, ExperimentSettings Settings, IReadOnlyList<string>? Labels = null, LogisticRegressionOptions? Options = null)
{
    /// <summary>The methods a comparison can re-run: those that classify the test split by its reviews' embeddings or the task-specific model.</summary>
    public static IReadOnlyList<string> Methods { get; } = [SupervisedExperiment.Method, CentroidExperiment.Method, ZeroShotExperiment.Method, TaskSpecificExperiment.Method];

    /// <summary>As a student reads it: the method and the settings that decide it.</summary>
    public string Describe() => Method switch
    {
        ZeroShotExperiment.Method => $"{Method} · {ZeroShotExperiment.Describe(Settings, Labels ?? ZeroShotExperiment.BookLabels)} seed={Settings.Seed}",
        TaskSpecificExperiment.Method => $"{Method} · test={Settings.TestSize?.ToString(CultureInfo.InvariantCulture) ?? "all"} seed={Settings.Seed}",
        _ => $"{Method} · {Settings.Describe()}{(Options is null ? "" : $" max_iter={Options.MaxIter}")}",
    };

    /// <summary>
    /// The run a row of the run log describes, made from its typed parameters, or a message saying why it cannot be
    /// made again: logistic regression and centroids, zero-shot and the task-specific model on the test split, and
    /// Medium Tasks 2 and 4's classifier (logistic regression with max_iter=1000).
    /// </summary>
    public static (ComparedRun? Run, string? Problem) FromLog(RunRecord record) => record.Parameters switch
    {
        SupervisedParameters p when record.Method is SupervisedExperiment.Method or CentroidExperiment.Method => (new(record.Method, p.Settings), null),
        ZeroShotParameters p => (new(ZeroShotExperiment.Method, p.Settings, p.Labels), null),
        TaskSpecificParameters p => (new(TaskSpecificExperiment.Method, new ExperimentSettings(TestSize: p.TestSize, Seed: p.Seed)), null),
        LimitedDataParameters p => MediumTaskClassifier(p.Model, p.TrainSize, p.TestSize, p.Seed),
        SeedBandParameters p => MediumTaskClassifier(p.Model, p.TrainSize, p.TestSize, p.Seed),
        FailureAnalysisParameters p => MediumTaskClassifier(p.Model, p.TrainSize, p.TestSize, p.Seed),
        var other => (null, $"Run {record.Id} ({record.Page}, {record.Method}) cannot be compared: {WhyNotComparable(other)}."),
    };

    /// <summary>Why a run of these parameters' kind cannot be made again on the test split, in a student's words.</summary>
    public static string WhyNotComparable(RunParameters parameters) => parameters switch
    {
        CustomLabelsParameters => "its reviews are your own and have no true labels",
        ConfidenceParameters => "it classified your own reviews, not the test split",
        ChecklistParameters => "it tested made-up sentences, not the test split",
        GenerativeParameters => "Flan-T5 is not made again here (its answers take minutes)",
        LlmParameters => "making it again would send the reviews to the chat model again, and may cost money",
        EarlierParameters => "it was logged before runs kept their settings in a form that can be read back",
        _ => "the comparison makes again only the embeddings classifiers, zero-shot and the task-specific model",
    };

    private static (ComparedRun?, string?) MediumTaskClassifier(string model, int trainSize, int testSize, ulong seed) =>
        (new(SupervisedExperiment.Method, new ExperimentSettings(model, trainSize, testSize, seed), Options: BookInputs.MediumTaskClassifier), null);
}

/// <summary>Two runs made again on the same test reviews and compared review by review; the split their predictions index.</summary>
public sealed record ComparisonResult(ComparedRun A, ComparedRun B, ClassificationRun RunA, ClassificationRun RunB, PairedComparison Comparison, ReviewSplit Test);

/// <summary>The paired comparison's work: each side run again from its parameters (embeddings cached and shared), then compared.</summary>
public sealed class ComparisonRunner(ClassificationLab lab)
{
    /// <exception cref="ArgumentException">The two runs are not on the same test reviews, or a side cannot run (a size outside its split, bad labels).</exception>
    public async Task<ComparisonResult> CompareAsync(ComparedRun a, ComparedRun b, ulong bootstrapSeed, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        var test = await lab.Dataset.LoadAsync("test", cancellationToken: cancellationToken);
        var runA = await RunAsync(a, progress, "A", cancellationToken);
        var runB = await RunAsync(b, progress, "B", cancellationToken);
        if (PairedComparison.Problem(runA, runB) is { } problem)
            throw new ArgumentException(problem);
        progress?.Report(new RunStep("Comparing the two runs review by review"));
        var comparison = await Task.Run(() => PairedComparison.Of(runA, runB, bootstrapSeed), cancellationToken);
        return new ComparisonResult(a, b, runA, runB, comparison, test);
    }

    private async Task<ClassificationRun> RunAsync(ComparedRun run, IProgress<RunStep>? progress, string side, CancellationToken cancellationToken)
    {
        if (await lab.CheckSizesAsync(run.Settings, cancellationToken) is { Any: true } sizes)
            throw new ArgumentException($"Run {side}: {sizes.TrainSize ?? sizes.TestSize}");
        progress?.Report(new RunStep($"Running {side}: {run.Describe()}"));
        var counted = RunSteps.Counting(progress, $"Run {side}: embedding or scoring the reviews (first time only)", TestSubset.TestReviews);
        switch (run.Method)
        {
            case SupervisedExperiment.Method when run.Options is null:
                return await lab.RunSupervisedAsync(run.Settings, counted, cancellationToken);
            case SupervisedExperiment.Method:
                var train = await lab.PrepareAsync(run.Settings, "train", run.Settings.TrainSize, counted, cancellationToken);
                var test = await lab.PrepareAsync(run.Settings, "test", run.Settings.TestSize, counted, cancellationToken);
                return await Task.Run(() => SupervisedExperiment.Run(train, test, run.Settings.ModelId, run.Options), cancellationToken);
            case CentroidExperiment.Method:
                return await lab.RunCentroidAsync(run.Settings, counted, cancellationToken);
            case ZeroShotExperiment.Method:
                return await lab.RunZeroShotAsync(run.Settings, run.Labels ?? ZeroShotExperiment.BookLabels, counted, cancellationToken);
            case TaskSpecificExperiment.Method:
                return await lab.RunTaskSpecificAsync(run.Settings, counted, cancellationToken);
            default:
                throw new ArgumentException($"'{run.Method}' cannot be compared: use {string.Join(", ", ComparedRun.Methods)}.");
        }
    }
}
