namespace LabApp.Components.UI;

/// <summary>
/// Runs an action once its calls have paused (300 ms unless told otherwise): a slider being dragged or a field being
/// typed in starts one run, not fifty. One per input, so a pause on one input never swallows another's change.
/// Disposing drops a pending call.
/// </summary>
public sealed class Debounce(TimeProvider? time = null, TimeSpan? pause = null) : IDisposable
{
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// For typing whose result needs new embeddings: one run per word rather than per keystroke, still within a blink of
    /// the last one. What only re-reads computed scores needs no debounce at all.
    /// </summary>
    public static readonly TimeSpan Typing = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _pause = pause ?? Pause;

    private CancellationTokenSource? _pending;

    /// <summary>Replaces any pending call with <paramref name="action"/>; it runs on the thread pool, so a page passes <c>() =&gt; InvokeAsync(...)</c>.</summary>
    public void Run(Func<Task> action)
    {
        _pending?.Cancel();
        var pending = new CancellationTokenSource();
        _pending = pending;
        _ = DelayThenAsync(action, _pause, _time, pending.Token);
    }

    /// <summary>Drops a pending call: what it would have done is already on the page.</summary>
    public void Cancel() => _pending?.Cancel();

    public void Dispose() => Cancel();

    private static async Task DelayThenAsync(Func<Task> action, TimeSpan pause, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(pause, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await action();
    }
}
