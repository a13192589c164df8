using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>
/// The embeddings + classifier page's work: the two splits embedded (shared by everyone), then the logistic regression
/// and the class centroids fitted on the same seeded subsets, timed and handed to the run log (one row each once they settle).
/// </summary>
public sealed class SupervisedRunner(ClassificationLab lab, SettledRuns runs, TimeProvider time)
{
    public const string Page = "supervised";

    /// <summary>What is wrong with the settings' sizes, for the messages beside the inputs; a split that cannot be read is said there too.</summary>
    public async Task<SizeProblems> CheckAsync(ExperimentSettings settings, CancellationToken cancellationToken = default)
    {
        try
        {
            return await lab.CheckSizesAsync(settings, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var problem = $"The reviews could not be read: {e.Message}";
            return new SizeProblems(problem, problem);
        }
    }

    public async Task<SupervisedResult> RunAsync(ExperimentSettings settings, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        if (await lab.CheckSizesAsync(settings, cancellationToken) is { Any: true } problems)
            throw new ArgumentException(problems.TrainSize ?? problems.TestSize);
        var test = await lab.Dataset.LoadAsync("test", cancellationToken: cancellationToken);
        await RunSteps.EmbedSplitAsync(lab, settings.Model, "train", progress, cancellationToken);
        await RunSteps.EmbedSplitAsync(lab, settings.Model, "validation", progress, cancellationToken);
        await RunSteps.EmbedSplitAsync(lab, settings.Model, "test", progress, cancellationToken);

        progress?.Report(new RunStep("Fitting the logistic regression, its temperature and the centroids"));
        var start = time.GetTimestamp();
        var calibrated = await lab.RunSupervisedCalibratedAsync(settings, cancellationToken: cancellationToken);
        var regression = calibrated.Run;
        var regressionTime = time.GetElapsedTime(start);
        start = time.GetTimestamp();
        var centroid = await lab.RunCentroidAsync(settings, cancellationToken: cancellationToken);
        var centroidTime = time.GetElapsedTime(start);
        // The fit itself cannot be interrupted; a run the student cancelled or left is not recorded.
        cancellationToken.ThrowIfCancellationRequested();

        var parameters = SupervisedParameters.Of(settings);
        _ = runs.Record(FinishedRun.Of(Page, parameters, regression, regressionTime));
        _ = runs.Record(FinishedRun.Of(Page, parameters, centroid, centroidTime));
        return new SupervisedResult(settings, test, calibrated, centroid, regressionTime + centroidTime);
    }
}

/// <summary>
/// Both classifiers' runs on the same subsets (the logistic regression's with its calibration before and after temperature
/// scaling), the test split their predictions index, and the time the fits took.
/// </summary>
public sealed record SupervisedResult(ExperimentSettings Settings, ReviewSplit Test, CalibratedRun Calibrated, ClassificationRun Centroid, TimeSpan Duration)
{
    public ClassificationRun LogisticRegression => Calibrated.Run;
}
