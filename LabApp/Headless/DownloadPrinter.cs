using LabApp.Core.Hub;

namespace LabApp.Headless;

/// <summary>
/// Download progress on stderr, so stdout keeps only the result: a line per 5% (or per 10 MB when the size is unknown),
/// and at least one every few seconds while bytes arrive, so a slow download is seen to move.
/// </summary>
internal sealed class DownloadPrinter(TextWriter error, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, (long Step, long Bytes, DateTimeOffset At)> _printed = new();

    public void Print(DownloadProgress progress)
    {
        var step = progress.TotalBytes is { } total and > 0 ? progress.BytesDone * 20 / total : progress.BytesDone / 10_000_000;
        var now = time.GetUtcNow();
        lock (_printed)
        {
            if (_printed.TryGetValue(progress.FileName, out var printed)
                && (printed.Step == step && (now - printed.At < Interval || printed.Bytes == progress.BytesDone)))
                return;
            _printed[progress.FileName] = (step, progress.BytesDone, now);
        }

        error.WriteLine($"downloading {progress}");
    }
}
