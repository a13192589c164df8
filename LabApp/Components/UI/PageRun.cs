using LabApp.Core.Runners;

namespace LabApp.Components.UI;

/// <summary>
/// The long work of one page: one piece at a time (starting another cancels the first), progress,
/// cancel, and a failure turned into a message for the page. Disposing cancels, so leaving the page stops its work.
/// <see cref="RunStatus"/> shows it.
/// </summary>
/// <param name="changed">Re-renders the page; called from any thread, so the page passes <c>() =&gt; InvokeAsync(StateHasChanged)</c>.</param>
/// <param name="ran">Told how long each piece of work that finished took (not one cancelled or failed), for the lab's metrics.</param>
/// <param name="invoke">Runs a callback on the page's own thread (the component's <c>InvokeAsync</c>): work started once input rests comes from a timer.</param>
public sealed class PageRun(Func<Task> changed, TimeProvider? time = null, Action<TimeSpan>? ran = null, Func<Func<Task>, Task>? invoke = null) : IDisposable
{
    // Progress arrives once per embedding batch; redrawing for each would flood the circuit.
    internal static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    private static readonly object OutsideRun = new();

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<TimeSpan, Debounce> _quiet = [];
    private CancellationTokenSource? _work;
    private DateTimeOffset _lastRedraw = DateTimeOffset.MinValue;
    private object? _redrawDueFor; // the run a redraw is due for
    private bool _disposed;

    public bool IsRunning => _work is not null;

    /// <summary>What the work is doing now: the status it started with, then each step it reports.</summary>
    public string? Status { get; private set; }

    /// <summary>Items done in the current step (reviews embedded, answers generated), those from a cache included.</summary>
    public int Done { get; private set; }

    /// <summary>Items the current step has in all; 0 while unknown.</summary>
    public int Total { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The student stopped the last run: not an error, but the results on the page are from before it.</summary>
    public bool WasCancelled { get; private set; }

    /// <summary>The runners' progress: each step's name and counts.</summary>
    public IProgress<RunStep> Steps => new Reporter(this, _work);

    /// <summary>Runs <paramref name="work"/> after cancelling whatever ran before; a failure becomes <see cref="Error"/>.</summary>
    public async Task RunAsync(string status, Func<CancellationToken, Task> work)
    {
        _work?.Cancel();
        var cancellation = new CancellationTokenSource();
        _work = cancellation;
        (Status, Done, Total, Error, WasCancelled) = (status, 0, 0, null, false);
        _lastRedraw = _time.GetUtcNow();
        await RedrawAsync();
        try
        {
            var started = _time.GetTimestamp();
            await work(cancellation.Token);
            ran?.Invoke(_time.GetElapsedTime(started));
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

    /// <summary>
    /// Runs <paramref name="work"/> once the student's input rests for <paramref name="pause"/> (a slider's drag, a burst of
    /// typing: one run, not fifty), replacing any run waiting for quiet; the input's answer shown at once needs none.
    /// </summary>
    public void RunWhenQuiet(string status, Func<CancellationToken, Task> work, TimeSpan? pause = null)
    {
        var wait = pause ?? Debounce.Pause;
        if (!_quiet.TryGetValue(wait, out var quiet))
            _quiet[wait] = quiet = new Debounce(_time, wait);
        quiet.Run(() => (invoke ?? (callback => callback()))(() => RunAsync(status, work)));
    }

    /// <summary>Drops a run waiting for quiet: what it would have shown is on the page already.</summary>
    public void CancelWaiting()
    {
        foreach (var quiet in _quiet.Values)
            quiet.Cancel();
    }

    /// <summary>The student's Cancel: the run stops and the page says so.</summary>
    public void Cancel() => _work?.Cancel();

    public void ClearMessages() => (Error, WasCancelled) = (null, false);

    public void Dispose()
    {
        _disposed = true;
        CancelWaiting();
        _work?.Cancel();
    }

    private Task RedrawAsync() => _disposed ? Task.CompletedTask : changed();

    // Steps that pass within the interval (a cached split's embedding, then the next step) are drawn once, at its end:
    // a run whose steps all take no time redraws the page twice (its start and its result), not once per step.
    private void Report(CancellationTokenSource? owner, string step, int done, int total)
    {
        // A replaced run may still be unwinding: its progress is not the current run's.
        if (owner is not null && owner != _work)
            return;
        var newStep = step != Status;
        (Status, Done, Total) = (step, done, total);
        var wait = RedrawInterval - (_time.GetUtcNow() - _lastRedraw);
        if (wait <= TimeSpan.Zero)
        {
            _lastRedraw = _time.GetUtcNow();
            _ = RedrawAsync();
        }
        else if (newStep)
        {
            _ = RedrawLaterAsync(owner ?? _work, wait);
        }
    }

    // One redraw due at a time for a run; none once the run has ended (its end redrew the page) or was replaced.
    // Progress made outside a run (null) is always drawn.
    private async Task RedrawLaterAsync(CancellationTokenSource? run, TimeSpan wait)
    {
        var due = (object?)run ?? OutsideRun;
        if (Interlocked.Exchange(ref _redrawDueFor, due) == due)
            return;
        await Task.Delay(wait, _time);
        Interlocked.CompareExchange(ref _redrawDueFor, null, due);
        if (run is not null && run != _work)
            return;
        _lastRedraw = _time.GetUtcNow();
        await RedrawAsync();
    }

    /// <summary>Progress of the run that was current when it was made (<paramref name="owner"/>), or of any run when made outside one.</summary>
    private sealed class Reporter(PageRun run, CancellationTokenSource? owner) : IProgress<RunStep>
    {
        public void Report(RunStep value) => run.Report(owner, value.Name, value.Done, value.Total);
    }
}
