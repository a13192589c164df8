namespace LabApp.Core.Hub;

/// <summary>
/// Every download the lab makes that no caller follows itself, as it goes: the headless runner prints it. One instance
/// per process.
/// </summary>
public sealed class DownloadMonitor : IProgress<DownloadProgress>
{
    /// <summary>Raised on the downloading thread after each reported chunk.</summary>
    public event Action<DownloadProgress>? Changed;

    public void Report(DownloadProgress value) => Changed?.Invoke(value);
}
