using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>How far a run got: the step it is in and, once known, how many of how many items that step has done.</summary>
/// <param name="Total">0 while the amount of work is unknown, e.g. when another student's page already started it.</param>
public sealed record RunStep(string Name, int Done = 0, int Total = 0);

/// <summary>What the chapter's runners share: embedding a whole split with its progress counted in reviews, and a run's row.</summary>
internal static class RunSteps
{
    /// <summary>A chapter run as its run log row: its classification report's accuracy, F1s and support.</summary>
    public static SettledRun Settled(string page, string parameters, ClassificationRun run, TimeSpan duration) =>
        new(page, run.Method, run.ModelId, parameters,
            new RunScores(run.Report.Accuracy, run.Report.MacroAverage.F1, run.Report.WeightedAverage.F1, run.Report.Support), duration);

    public static async Task EmbedSplitAsync(ClassificationLab lab, ModelCard model, string split, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        var reviews = await lab.Dataset.LoadAsync(split, cancellationToken: cancellationToken);
        await lab.Embeddings.EmbedSplitAsync(model, split, Counting(progress, $"Embedding the {split} split", reviews.Count), cancellationToken);
    }

    /// <summary>A count of items done, reported as <paramref name="step"/>'s progress; announces the step at once.</summary>
    public static IProgress<int>? Counting(IProgress<RunStep>? progress, string step, int total)
    {
        if (progress is null)
            return null;
        progress.Report(new RunStep(step, 0, total));
        return new StepCount(progress, step, total);
    }

    private sealed class StepCount(IProgress<RunStep> progress, string step, int total) : IProgress<int>
    {
        public void Report(int value) => progress.Report(new RunStep(step, value, total));
    }
}
