using LabApp.Core.Experiments;

namespace LabApp.Components.UI;

/// <summary>
/// A page that scores the test split (or its seeded subset) with one model: the test size and seed the student chose,
/// and the page's <see cref="PageRun"/> for progress, cancellation and messages.
/// </summary>
/// <param name="changed">Re-renders the page, as <see cref="PageRun"/> wants it.</param>
public sealed class TestSubsetRun(Func<Task> changed) : IDisposable
{
    public PageRun Work { get; } = new(changed);

    public int? TestSize { get; set; } = 300;

    public int Seed { get; set; } = 42;

    /// <summary>How many reviews the current run scores, for the progress bar (0: unknown).</summary>
    public int Total { get; private set; }

    public ExperimentSettings Settings => new(TestSize: TestSize, Seed: (ulong)Math.Max(Seed, 0));

    /// <summary>
    /// Runs <paramref name="work"/> over the current settings; its result, or default when it failed (the message is on
    /// <see cref="Work"/>) or was cancelled: a cancelled or left run is not logged.
    /// </summary>
    public async Task<T?> RunAsync<T>(string status, int total, Func<ExperimentSettings, IProgress<int>, CancellationToken, Task<T>> work)
    {
        Total = total;
        var settings = Settings;
        T? result = default;
        var completed = false;
        await Work.RunAsync(status, async cancellation =>
        {
            result = await work(settings, Work.Progress, cancellation);
            cancellation.ThrowIfCancellationRequested();
            completed = true;
        });
        return completed ? result : default;
    }

    public void Dispose() => Work.Dispose();
}
