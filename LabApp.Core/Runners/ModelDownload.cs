using LabApp.Core.Hub;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>A model page's <em>Download from the hub</em>: the model's missing files, with progress in megabytes per file.</summary>
public sealed class ModelDownload(ModelProvider models)
{
    public Task DownloadAsync(ModelCard card, IProgress<RunStep>? progress, CancellationToken cancellationToken) =>
        models.EnsureFilesAsync(card, progress is null ? null : new Megabytes(progress), cancellationToken);

    private sealed class Megabytes(IProgress<RunStep> progress) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) =>
            progress.Report(new RunStep($"Downloading {value.FileName} (MB)", (int)(value.BytesDone / 1_000_000), (int)((value.TotalBytes ?? 0) / 1_000_000)));
    }
}
