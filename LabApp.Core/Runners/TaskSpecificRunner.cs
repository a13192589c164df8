using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>The task-specific page's work: the sentiment model scores the seeded test subset, timed and recorded.</summary>
public sealed class TaskSpecificRunner(ClassificationLab lab, SettledRuns runs, TimeProvider time)
{
    public const string Page = "task-specific";

    public async Task<TaskSpecificResult> RunAsync(TestSubset subset, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        if (subset.Problem is { } problem)
            throw new ArgumentException(problem);
        var settings = subset.Settings;
        var test = await lab.Dataset.LoadAsync("test", cancellationToken: cancellationToken);
        var start = time.GetTimestamp();
        var run = await lab.RunTaskSpecificAsync(settings, RunSteps.Counting(progress, "Scoring the test reviews", subset.Size ?? test.Count), cancellationToken);
        var duration = time.GetElapsedTime(start);
        cancellationToken.ThrowIfCancellationRequested();

        _ = runs.Record(FinishedRun.Of(Page, new TaskSpecificParameters(subset.Size, subset.Seed), run, duration));
        return new TaskSpecificResult(subset, test, run, TaskSpecificExperiment.NeutralWinners(run), duration);
    }
}

/// <summary>The model's run, the test split its predictions index, how many reviews it scored highest as neutral, and its time.</summary>
public sealed record TaskSpecificResult(TestSubset Subset, ReviewSplit Test, ClassificationRun Run, int NeutralWinners, TimeSpan Duration);

/// <summary>The test reviews a model page scores: <c>test.shuffle(seed).select(range(Size))</c>, or the whole split when Size is null.</summary>
public sealed record TestSubset(int? Size, ulong Seed)
{
    /// <summary>The test split's size: rotten_tomatoes has 1066 test reviews.</summary>
    public const int TestReviews = 1066;

    public ExperimentSettings Settings => new(TestSize: Size, Seed: Seed);

    /// <summary>Why this subset cannot be taken, or null: shown beside the test size.</summary>
    public string? Problem => SizeProblem(Size);

    /// <summary>Why <paramref name="size"/> test reviews cannot be scored, or null (null is all of them).</summary>
    public static string? SizeProblem(int? size) =>
        size is { } n && (n < 1 || n > TestReviews) ? $"Choose a test size from 1 to {TestReviews} (or leave it empty for all)." : null;
}
