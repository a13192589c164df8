using LabApp.Core.Hub;

namespace LabApp.Headless;

/// <summary>Download progress on stderr, a line per 5% (or per 10 MB when the size is unknown), so stdout keeps only the result.</summary>
internal sealed class DownloadPrinter(TextWriter error)
{
    private readonly Dictionary<string, long> _printedStep = new();

    public void Print(DownloadProgress progress)
    {
        var step = progress.TotalBytes is { } total and > 0 ? progress.BytesDone * 20 / total : progress.BytesDone / 10_000_000;
        lock (_printedStep)
        {
            if (_printedStep.TryGetValue(progress.FileName, out var printed) && printed == step)
                return;
            _printedStep[progress.FileName] = step;
        }

        var size = progress.TotalBytes is { } bytes ? $" of {Size(bytes)}" : "";
        error.WriteLine($"downloading {progress.FileName}: {Size(progress.BytesDone)}{size}");
    }

    private static string Size(long bytes) => bytes >= 1_000_000 ? $"{bytes / 1e6:F1} MB" : $"{bytes / 1e3:F1} kB";
}
