namespace LabApp.Components.UI;

/// <summary>
/// The long work of one page: one piece at a time (starting another cancels the first), progress,
/// cancel, and a failure turned into a message for the page. Disposing cancels, so leaving the page stops its work.
/// </summary>
/// <param name="changed">Re-renders the page; called from any thread, so the page passes <c>() =&gt; InvokeAsync(StateHasChanged)</c>.</param>
public sealed class PageRun(Func<Task> changed) : IDisposable
{
    // Progress arrives once per embedding batch; redrawing for each would flood the circuit.
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    private CancellationTokenSource? _work;
    private DateTime _lastRedraw;
    private bool _disposed;

    public bool IsRunning => _work is not null;

    public string? Status { get; private set; }

    /// <summary>Reviews whose embeddings are ready in the current step, those from the disk cache included.</summary>
    public int Done { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The student stopped the last run: not an error, but the results on the page are from before it.</summary>
    public bool WasCancelled { get; private set; }

    public IProgress<int> Progress => new Reporter(this);

    /// <summary>Runs <paramref name="work"/> after cancelling whatever ran before; a failure becomes <see cref="Error"/>.</summary>
    public async Task RunAsync(string status, Func<CancellationToken, Task> work)
    {
        _work?.Cancel();
        var cancellation = new CancellationTokenSource();
        _work = cancellation;
        (Status, Done, Error, WasCancelled) = (status, 0, null, false);
        await RedrawAsync();
        try
        {
            await work(cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            WasCancelled = _work == cancellation;
        }
        catch (Exception e)
        {
            if (_work == cancellation)
                Error = e.Message;
        }
        finally
        {
            if (_work == cancellation)
                _work = null;
            cancellation.Dispose();
        }

        await RedrawAsync();
    }

    public void Cancel() => _work?.Cancel();

    public void ClearMessages() => (Error, WasCancelled) = (null, false);

    public void Dispose()
    {
        _disposed = true;
        _work?.Cancel();
    }

    private Task RedrawAsync() => _disposed ? Task.CompletedTask : changed();

    private sealed class Reporter(PageRun run) : IProgress<int>
    {
        public void Report(int value)
        {
            run.Done = value;
            if (DateTime.UtcNow - run._lastRedraw < RedrawInterval)
                return;
            run._lastRedraw = DateTime.UtcNow;
            _ = run.RedrawAsync();
        }
    }
}
