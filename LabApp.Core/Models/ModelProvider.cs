using LabApp.Core.Hub;
using LabApp.Core.Storage;

namespace LabApp.Core.Models;

/// <summary>Makes a model's files present in the cache: extracted when embedded, else from the local Hugging Face cache or the hub.</summary>
public sealed class ModelProvider(ModelStore store, HubClient hub, DownloadMonitor monitor)
{
    /// <summary>The model's folder with all its files in it.</summary>
    public async Task<string> EnsureFilesAsync(ModelCard card, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (card.IsRemoteApi)
            throw new ArgumentException($"{card.Id} is a remote API and has no files.", nameof(card));
        if (card.IsEmbedded)
            return store.EnsureEmbeddedExtracted(card);

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
                await hub.GetFileAsync(hubFile, target, progress ?? monitor, cancellationToken);
        }

        return store.FolderOf(card);
    }
}
