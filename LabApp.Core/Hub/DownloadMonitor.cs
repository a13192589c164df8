using System.Collections.Concurrent;

namespace LabApp.Core.Hub;

/// <summary>
/// Every download the lab makes, as it goes: the web app shows it, the headless runner prints it. One instance per
/// process, so a download started by one student is visible to all.
/// </summary>
public sealed class DownloadMonitor : IProgress<DownloadProgress>
{
    private readonly ConcurrentDictionary<string, DownloadProgress> _active = new();

    /// <summary>Raised on the downloading thread after each reported chunk.</summary>
    public event Action<DownloadProgress>? Changed;

    /// <summary>The downloads under way, by file name.</summary>
    public IReadOnlyCollection<DownloadProgress> Active => _active.Values.ToArray();

    public void Report(DownloadProgress value)
    {
        if (value.TotalBytes is { } total && value.BytesDone >= total)
            _active.TryRemove(value.FileName, out _);
        else
            _active[value.FileName] = value;
        Changed?.Invoke(value);
    }
}
