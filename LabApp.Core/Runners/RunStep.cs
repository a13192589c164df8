using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>How far a run got: the step it is in and, once known, how many of how many items that step has done.</summary>
/// <param name="Total">0 while the amount of work is unknown, e.g. when another student's page already started it.</param>
public sealed record RunStep(string Name, int Done = 0, int Total = 0);

/// <summary>
/// What the runners share: embedding a whole split with its progress counted in reviews. Every runner reports its
/// progress as <see cref="RunStep"/>s; the counts the lab's embedding and scoring report are turned into steps here.
/// </summary>
internal static class RunSteps
{
    public static async Task EmbedSplitAsync(ClassificationLab lab, ModelCard model, string split, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        var reviews = await lab.Dataset.LoadAsync(split, cancellationToken: cancellationToken);
        await lab.Embeddings.EmbedSplitAsync(model, split, Counting(progress, $"Embedding the {split} split", reviews.Count), cancellationToken);
    }

    /// <summary>The seeded subset of <paramref name="split"/> with its embeddings, the split's embedding reported as a step.</summary>
    public static async Task<LabeledEmbeddings> PrepareAsync(ClassificationLab lab, ExperimentSettings settings, string split, int? size, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        var reviews = await lab.Dataset.LoadAsync(split, cancellationToken: cancellationToken);
        return await lab.PrepareAsync(settings, split, size, Counting(progress, $"Embedding the {split} split", reviews.Count), cancellationToken);
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
