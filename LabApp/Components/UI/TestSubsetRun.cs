using LabApp.Core.Experiments;

namespace LabApp.Components.UI;

/// <summary>
/// The run state of a page that scores the test split (or its seeded subset) with one model: settings, progress,
/// cancellation, and the message to show. Pages own one and bind their controls to it.
/// </summary>
public sealed class TestSubsetRun : IDisposable
{
    private CancellationTokenSource? _work;

    public int? TestSize { get; set; } = 300;

    public int Seed { get; set; } = 42;

    public bool Running { get; private set; }

    public int Done { get; set; }

    public int Total { get; private set; }

    public string? Error { get; private set; }

    public string? Notice { get; private set; }

    public ExperimentSettings Settings => new(TestSize: TestSize, Seed: (ulong)Math.Max(Seed, 0));

    /// <summary>
    /// Runs <paramref name="work"/> with a fresh cancellation, turning failures into the page's message; returns its
    /// result, or default when it failed or was cancelled (a cancelled or left run is not logged).
    /// </summary>
    public async Task<T?> RunAsync<T>(int total, Func<ExperimentSettings, CancellationToken, Task<T>> work)
    {
        Cancel();
        var source = _work = new CancellationTokenSource();
        (Running, Done, Total, Error, Notice) = (true, 0, total, null, null);
        try
        {
            var result = await work(Settings, source.Token);
            source.Token.ThrowIfCancellationRequested();
            return result;
        }
        catch (OperationCanceledException) when (source.IsCancellationRequested)
        {
            Notice = "Cancelled.";
        }
        catch (Exception e)
        {
            // The page is the boundary: whatever failed is said beside the controls, and the page keeps working.
            Error = $"The experiment could not run: {e.Message}";
        }
        finally
        {
            if (_work == source)
                Running = false;
        }

        return default;
    }

    public void Cancel() => _work?.Cancel();

    public void Dispose() => Cancel();
}
