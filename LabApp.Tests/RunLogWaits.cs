using LabApp.Core.Storage;
using LabApp.Services;

namespace LabApp.Tests;

/// <summary>Waiting for a page's runs to reach the run log: a run is logged once it settled, after the page showed it.</summary>
public static class RunLogWaits
{
    /// <summary>
    /// The log once it holds <paramref name="count"/> runs. A run logged after the page last rendered re-renders
    /// nothing, so the log itself says when.
    /// </summary>
    public static async Task<IReadOnlyList<RunRecord>> RecordedAsync(this StudentRunLog log, int count, TimeSpan patience)
    {
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (log.NotifyOnChange(() => { if (log.Find().Count >= count) recorded.TrySetResult(); }))
        {
            if (log.Find().Count < count)
                await recorded.Task.WaitAsync(patience);
        }

        return log.Find();
    }
}
