using LabApp.Core.Hub;

namespace LabApp.Core.Data;

/// <summary>
/// The <c>rotten_tomatoes</c> dataset: each split read once and shared. Files come from the data folder when one is set,
/// else the local Hugging Face cache, else a download from the hub.
/// </summary>
public sealed class RottenTomatoes(LabSettings settings, HubClient hub, DownloadMonitor? monitor = null)
{
    public const string HubRepo = "cornell-movie-review-data/rotten_tomatoes";

    public static IReadOnlyList<string> SplitNames { get; } = ["train", "validation", "test"];

    // Keyed by checked split name, so the bound is never reached.
    private readonly SharedTasks<string, ReviewSplit> _splits = new(SplitNames.Count);

    public static string CheckSplitName(string split) => SplitNames.Contains(split)
        ? split
        : throw new ArgumentException($"Unknown split '{split}': use train, validation or test.");

    /// <summary>The split, read once per process; concurrent callers share one read.</summary>
    public Task<ReviewSplit> LoadAsync(string split, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckSplitName(split);
        return _splits.GetOrStart(split, () => ReadAsync(split, progress, CancellationToken.None)).WaitAsync(cancellationToken);
    }

    /// <summary>Where the split's file is, or would be read from: for <c>info</c>.</summary>
    public string Describe(string split)
    {
        if (settings.DataDir is not null)
            return FileInDataDir(split) ?? $"missing in {settings.DataDir}";
        return hub.FindInLocalCache(HubFileOf(split)) ?? (File.Exists(DownloadPath(split)) ? DownloadPath(split) : $"downloaded on first use from {hub.ResolveUrl(HubFileOf(split))}");
    }

    private async Task<ReviewSplit> ReadAsync(string split, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var path = await LocateAsync(split, progress, cancellationToken);
        return await ParquetReviewReader.ReadAsync(split, path, cancellationToken);
    }

    private async Task<string> LocateAsync(string split, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        if (settings.DataDir is not null)
        {
            return FileInDataDir(split) ?? throw new FileNotFoundException(
                $"The data folder {settings.DataDir} has no rotten_tomatoes/{split}.parquet. Point --data-dir (or LAB_DATA_DIR) at the folder that holds rotten_tomatoes/{{train,validation,test}}.parquet, e.g. ../shared/data.");
        }

        return hub.FindInLocalCache(HubFileOf(split))
            ?? await hub.GetFileAsync(HubFileOf(split), DownloadPath(split), progress ?? monitor, cancellationToken);
    }

    // Either DIR/rotten_tomatoes/split.parquet or DIR/split.parquet: both are natural to point at.
    private string? FileInDataDir(string split) =>
        new[] { Path.Combine(settings.DataDir!, "rotten_tomatoes", split + ".parquet"), Path.Combine(settings.DataDir!, split + ".parquet") }
            .FirstOrDefault(File.Exists);

    private string DownloadPath(string split) => Path.Combine(settings.DownloadedDataDir, "rotten_tomatoes", split + ".parquet");

    private static HubFile HubFileOf(string split) => new(RepoType.Dataset, HubRepo, split + ".parquet");
}
