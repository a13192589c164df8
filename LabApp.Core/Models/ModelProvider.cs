using LabApp.Core.Hub;
using LabApp.Core.Storage;

namespace LabApp.Core.Models;

/// <summary>
/// Makes a model's files present in the cache: extracted when embedded, else from the local Hugging Face cache or the
/// hub. However many students ask for the same model at once, its files are downloaded once (so one writer per
/// <c>.incomplete</c> file), and every one of them sees that download's progress.
/// </summary>
public sealed class ModelProvider(ModelStore store, HubClient hub, DownloadMonitor monitor)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SharedDownload> _downloads = new();

    /// <summary>
    /// The model's folder with all its files in it. A caller who cancels stops following the download; the download
    /// itself stops (its bytes kept to resume) only when every caller waiting for it has cancelled.
    /// </summary>
    public async Task<string> EnsureFilesAsync(ModelCard card, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (card.IsRemoteApi)
            throw new ArgumentException($"{card.Id} is a remote API and has no files.", nameof(card));
        if (card.IsEmbedded)
            return store.EnsureEmbeddedExtracted(card);
        if (store.HasAllFiles(card))
            return store.FolderOf(card);

        var follower = progress ?? monitor;
        SharedDownload download;
        lock (_lock)
        {
            if (!_downloads.TryGetValue(card.Id, out var running) || running.IsAbandoned)
            {
                // An abandoned download may still be closing its .incomplete file: the new one starts after it.
                var previous = running?.Completion ?? Task.CompletedTask;
                running = new SharedDownload(hub.Time);
                _downloads[card.Id] = running;
                running.Start(previous, token => FetchMissingFilesAsync(card, running.Progress, token), () => Forget(card.Id, running));
            }
            download = running;
            download.Follow(follower);
        }

        try
        {
            await download.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            return store.FolderOf(card);
        }
        finally
        {
            lock (_lock)
                download.Unfollow(follower);
        }
    }

    private async Task FetchMissingFilesAsync(ModelCard card, IProgress<DownloadProgress> progress, CancellationToken cancellationToken)
    {
        foreach (var file in card.Files)
        {
            var target = store.PathOf(card, file);
            if (File.Exists(target))
                continue;
            var hubFile = new HubFile(RepoType.Model, card.RepoOf(file), file.RepoPath, card.Revision);
            var cached = hub.FindInLocalCache(hubFile);
            if (cached is not null)
                AtomicFile.Copy(cached, target);
            else
                await hub.GetFileAsync(hubFile, target, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Forget(string modelId, SharedDownload download)
    {
        lock (_lock)
        {
            if (_downloads.TryGetValue(modelId, out var current) && current == download)
                _downloads.Remove(modelId);
        }
    }

    /// <summary>One model's download and the callers following it, each told its progress (<see cref="SharedProgress{T}"/>).</summary>
    private sealed class SharedDownload(TimeProvider time)
    {
        private readonly CancellationTokenSource _abandon = new();

        // A file's first and last reports always go out: the bar names the file and ends full.
        public SharedProgress<DownloadProgress> Progress { get; } = new(time, (value, previous) =>
            previous?.FileName != value.FileName || value.BytesDone == value.TotalBytes);

        public Task Completion { get; private set; } = Task.CompletedTask;

        /// <summary>Every follower cancelled: the next caller starts a new download (which resumes from the bytes kept).</summary>
        public bool IsAbandoned => _abandon.IsCancellationRequested;

        public void Start(Task previous, Func<CancellationToken, Task> fetch, Action forget)
        {
            Completion = Task.Run(async () =>
            {
                await previous.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                await fetch(_abandon.Token).ConfigureAwait(false);
            });
            Completion.ContinueWith(_ => forget(), TaskScheduler.Default);
        }

        public void Follow(IProgress<DownloadProgress> follower) => Progress.Follow(follower);

        public void Unfollow(IProgress<DownloadProgress> follower)
        {
            if (Progress.Unfollow(follower) == 0 && !Completion.IsCompleted)
                _abandon.Cancel();
        }
    }
}
