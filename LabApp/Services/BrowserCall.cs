using Microsoft.JSInterop;

namespace LabApp.Services;

/// <summary>
/// The one way the lab's own code calls the browser: within a time limit that stops waiting but never cancels the call.
/// A call cancelled through its token while the browser's answer is being delivered makes the framework complete it
/// twice, which throws out of its answer handling, and the framework then ends the student's whole circuit ("Invalid
/// interop arguments"). Under a class's load, answers arriving at the limit are common, so the lab never hands the
/// framework a token: a late answer completes a call nobody waits for any more, which is harmless.
/// </summary>
public static class BrowserCall
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The browser's answer, or default when it gives none within <see cref="Limit"/>, throws, or is not there
    /// (prerendering, a closed tab).
    /// </summary>
    public static Task<T?> TryAsync<T>(this IJSRuntime js, TimeProvider time, string identifier, params object?[] args) =>
        WithinAsync(() => js.InvokeAsync<T>(identifier, CancellationToken.None, args).AsTask(), time, Limit);

    /// <summary>Runs a browser function whose answer is nothing; true when it ran within <see cref="Limit"/>.</summary>
    public static Task<bool> TryRunAsync(this IJSRuntime js, TimeProvider time, string identifier, params object?[] args) =>
        RunWithinAsync(() => js.InvokeVoidAsync(identifier, CancellationToken.None, args).AsTask(), time, Limit);

    /// <summary>A browser call a library makes (a chart's draw), started with no token; true when it ran within <paramref name="limit"/>.</summary>
    public static Task<bool> RunWithinAsync(Func<Task> start, TimeProvider time, TimeSpan limit) =>
        WithinAsync(async () =>
        {
            await start();
            return true;
        }, time, limit);

    private static async Task<T?> WithinAsync<T>(Func<Task<T>> start, TimeProvider time, TimeSpan limit)
    {
        Task<T> call;
        try
        {
            call = start();
        }
        catch (Exception e) when (IsBrowserAbsent(e))
        {
            return default;
        }

        try
        {
            return await call.WaitAsync(limit, time);
        }
        catch (TimeoutException)
        {
            // The late answer, or the circuit's end, still completes the call: observe its failure so none goes unobserved.
            _ = call.ContinueWith(static c => c.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return default;
        }
        catch (Exception e) when (IsBrowserAbsent(e))
        {
            return default;
        }
    }

    // Prerendering has no browser, a closed tab none any more, and a browser may refuse what is asked (storage in a
    // private window, a denied clipboard): each leaves the page working from the server's state alone.
    private static bool IsBrowserAbsent(Exception e) =>
        e is JSException or JSDisconnectedException or OperationCanceledException or InvalidOperationException or ObjectDisposedException;
}
