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
    /// The run a row of the run log describes, or a message saying why it cannot be made again: the pages' rows for
    /// logistic regression, centroids, zero-shot and the task-specific model (Medium Task 2's with its max_iter=1000).
    /// </summary>
    public static (ComparedRun? Run, string? Problem) FromLog(RunRecord record)
    {
        if (!Methods.Contains(record.Method) || record.Page is not (SupervisedRunner.Page or ZeroShotRunner.Page or TaskSpecificRunner.Page or LimitedDataRunner.Page))
            return (null, $"Run {record.Id} ({record.Page}, {record.Method}) cannot be compared: choose a run of the supervised, zero-shot, task-specific or limited-data page.");
        var values = Values(record.Parameters);
        string? problem = null;
        int? Size(string key)
        {
            if (!values.TryGetValue(key, out var text) || text == "all")
                return null;
            if (int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0)
                return n;
            problem = $"Run {record.Id}'s {key}={text} is not a size.";
            return null;
        }

        var seed = values.TryGetValue("seed", out var seedText) && ulong.TryParse(seedText, CultureInfo.InvariantCulture, out var s) ? s : 42UL;
        var model = record.Method == TaskSpecificExperiment.Method ? ModelCatalog.MiniLmId : record.ModelId;
        var settings = new ExperimentSettings(model, Size("train"), Size("test"), seed);
        if (problem is not null)
            return (null, problem);
        var labels = record.Method == ZeroShotExperiment.Method ? LabelsOf(record.Parameters) : null;
        var options = record.Page == LimitedDataRunner.Page ? BookInputs.MediumTaskClassifier : null;
        return (new ComparedRun(record.Method, settings, labels, options), null);
    }

    // "model=minilm train=1000 test=300 seed=42": the words before the labels, which may hold spaces of their own.
    private static Dictionary<string, string> Values(string parameters)
    {
        var head = parameters.Split(" labels=", 2)[0];
        return head.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(g => g.Key, g => g.First()[1]);
    }

    // labels="A negative review" | "A positive review", as ZeroShotExperiment.Describe writes them.
    private static IReadOnlyList<string> LabelsOf(string parameters)
    {
        var parts = parameters.Split(" labels=", 2);
        if (parts.Length < 2)
            return ZeroShotExperiment.BookLabels;
        return parts[1].Split("\" | \"").Select(l => l.Trim().Trim('"')).ToArray();
    }
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
