using LabApp.Core.Hub;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>A model page's <em>Download from the hub</em>: the model's missing files, with progress in kilobytes per file.</summary>
public sealed class ModelDownload(ModelProvider models)
{
    public Task DownloadAsync(ModelCard card, IProgress<RunStep>? progress, CancellationToken cancellationToken) =>
        models.EnsureFilesAsync(card, progress is null ? null : new Kilobytes(progress), cancellationToken);

    // Kilobytes, not megabytes: on a slow connection a whole megabyte can take minutes, and the bar must still move.
    private sealed class Kilobytes(IProgress<RunStep> progress) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) =>
            progress.Report(new RunStep($"Downloading {value}", (int)(value.BytesDone / 1_000), (int)((value.TotalBytes ?? 0) / 1_000)));
    }
}
