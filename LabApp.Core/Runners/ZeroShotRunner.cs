using LabApp.Core.Classifiers;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>
/// The zero-shot page's work: the test split embedded (shared by everyone), the label descriptions embedded and
/// compared. Each label set is handed to the run log, which logs the one that settles: a student typing a description
/// leaves one row for what they settled on, not one per pause between keystrokes (<see cref="SettledRuns"/>).
/// </summary>
public sealed class ZeroShotRunner(ClassificationLab lab, SettledRuns runs, TimeProvider time)
{
    public const string Page = "zero-shot";

    /// <summary>The labels' classification of the whole test split.</summary>
    public async Task<ZeroShotResult> RunAsync(string modelId, IReadOnlyList<string> labels, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        if (ZeroShotClassifier.Validate(labels) is { } problem)
            throw new ArgumentException(problem);
        var settings = new ExperimentSettings(ModelCatalog.Find(modelId).Id);
        var test = await lab.Dataset.LoadAsync("test", cancellationToken: cancellationToken);
        await RunSteps.EmbedSplitAsync(lab, settings.Model, "test", progress, cancellationToken);

        progress?.Report(new RunStep("Comparing the reviews with the label descriptions"));
        var start = time.GetTimestamp();
        var run = await lab.RunZeroShotAsync(settings, labels, cancellationToken: cancellationToken);
        var duration = time.GetElapsedTime(start);
        // A newer edit replaced these labels while they were compared: only the labels on screen count.
        cancellationToken.ThrowIfCancellationRequested();

        var parameters = new ZeroShotParameters(settings.ModelId, [.. labels], settings.TestSize, settings.Seed);
        // The labels are all in the parameters: nothing else decides the numbers.
        _ = runs.Record(FinishedRun.Of(Page, parameters, run, duration));
        return new ZeroShotResult(settings.ModelId, parameters.Labels, parameters.Describe(), test, run, duration);
    }
}

/// <summary>One label set's classification of the test split, as the run log describes it, and the time the comparison took.</summary>
public sealed record ZeroShotResult(string ModelId, IReadOnlyList<string> Labels, string Description, ReviewSplit Test, ClassificationRun Run, TimeSpan Duration);
