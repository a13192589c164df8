namespace LabApp.Components.UI;

/// <summary>
/// Runs an action once its calls have paused for 150 ms: a field being typed in starts one run per word, not one per
/// keystroke, and still answers within a blink of the last one. For work that needs new embeddings; what only re-reads
/// computed scores needs no debounce. One per input, so a pause on one input never swallows another's change.
/// Disposing drops a pending call.
/// </summary>
public sealed class Debounce(TimeProvider? time = null) : IDisposable
{
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(150);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private CancellationTokenSource? _pending;

    /// <summary>Replaces any pending call with <paramref name="action"/>; it runs on the thread pool, so a page passes <c>() =&gt; InvokeAsync(...)</c>.</summary>
    public void Run(Func<Task> action)
    {
        _pending?.Cancel();
        var pending = new CancellationTokenSource();
        _pending = pending;
        _ = DelayThenAsync(action, _time, pending.Token);
    }

    public void Dispose() => _pending?.Cancel();

    private static async Task DelayThenAsync(Func<Task> action, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Pause, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await action();
    }
}
