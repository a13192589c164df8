using LabApp.Core.Classifiers;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>
/// The zero-shot page's work: the test split embedded (shared by everyone), the label descriptions embedded and
/// compared. A label set is recorded once it has been on screen for <see cref="Settle"/> without a newer one: a student
/// typing a description leaves one row for what they settled on, not one per pause between keystrokes.
/// One per student (circuit); disposing drops a record still waiting.
/// </summary>
public sealed class ZeroShotRunner(ClassificationLab lab, SettledRuns runs, TimeProvider time) : IDisposable
{
    public const string Page = "zero-shot";

    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private CancellationTokenSource? _unsettled;

    /// <summary>The labels' classification of the whole test split; its record waits for the labels to settle.</summary>
    public async Task<ZeroShotResult> RunAsync(string modelId, IReadOnlyList<string> labels, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        DropUnsettled();
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

        var result = new ZeroShotResult(settings.ModelId, [.. labels], ZeroShotExperiment.Describe(settings, labels), test, run, duration);
        RecordWhenSettled(result);
        return result;
    }

    public void Dispose() => DropUnsettled();

    private void RecordWhenSettled(ZeroShotResult result)
    {
        var unsettled = new CancellationTokenSource();
        lock (_gate)
        {
            _unsettled?.Cancel();
            _unsettled = unsettled;
        }

        _ = RecordAfterSettleAsync(result, unsettled.Token);
    }

    private async Task RecordAfterSettleAsync(ZeroShotResult result, CancellationToken unsettled)
    {
        try
        {
            await Task.Delay(Settle, time, unsettled);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // The labels are all in the description: nothing else decides the numbers.
        runs.Record(RunSteps.Settled(Page, result.Description, result.Run, result.Duration), "");
    }

    private void DropUnsettled()
    {
        lock (_gate)
        {
            _unsettled?.Cancel();
            _unsettled = null;
        }
    }
}

/// <summary>One label set's classification of the test split, as the run log describes it, and the time the comparison took.</summary>
public sealed record ZeroShotResult(string ModelId, IReadOnlyList<string> Labels, string Description, ReviewSplit Test, ClassificationRun Run, TimeSpan Duration);
