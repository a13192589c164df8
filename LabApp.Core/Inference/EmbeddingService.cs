using System.Collections.Concurrent;
using LabApp.Core.Data;
using LabApp.Core.Hub;
using LabApp.Core.Models;
using LabApp.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LabApp.Core.Inference;

/// <summary>
/// The embedders of the lab, each loaded once and shared by every caller, and the embeddings of whole splits,
/// computed once per model and process (and once per model ever, thanks to the disk cache).
/// </summary>
public sealed class EmbeddingService(ModelProvider models, RottenTomatoes dataset, LabSettings settings, InferenceDevice device, InferenceScheduler scheduler, ILogger<EmbeddingService>? logger = null) : IDisposable
{
    // Both bounds are their key spaces (the catalog's embedders, times the three splits), so nothing loaded is ever
    // evicted: an evicted embedder would not be disposed.
    private readonly SharedTasks<string, CachedEmbedder> _embedders = new(ModelCatalog.Embedders.Count);
    private readonly SharedTasks<(string Model, string Split), EmbeddingMatrix> _splits = new(ModelCatalog.Embedders.Count * RottenTomatoes.SplitNames.Count);
    private readonly ConcurrentDictionary<(string Model, string Split), SharedProgress<int>> _splitProgress = new();

    /// <summary>The embedder of <paramref name="card"/>, loaded on first use (extracting or downloading its files).</summary>
    public Task<CachedEmbedder> GetEmbedderAsync(ModelCard card, IProgress<DownloadProgress>? download = null, CancellationToken cancellationToken = default)
    {
        if (card.Task != ModelTask.SentenceEmbedding)
            throw new ArgumentException($"{card.Id} is not a sentence-embedding model; use one of: {string.Join(", ", ModelCatalog.Embedders.Select(m => m.Id))}.");
        return _embedders.GetOrStart(card.Id, () => Task.Run(() => LoadAsync(card, download))).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The embeddings of every review of <paramref name="split"/>, in the split's row order. Every caller waiting for
    /// them hears <paramref name="progress"/> (reviews done), whoever started the work: the lab's warm start, another page.
    /// </summary>
    public async Task<EmbeddingMatrix> EmbedSplitAsync(ModelCard card, string split, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var key = (card.Id, split);
        var reviews = await dataset.LoadAsync(split, cancellationToken: cancellationToken);
        // The last count always goes out, so a bar ends full.
        var shared = _splitProgress.GetOrAdd(key, _ => new SharedProgress<int>(TimeProvider.System, (done, _) => done == reviews.Count));
        if (progress is not null)
            shared.Follow(progress);
        try
        {
            return await _splits.GetOrStart(key, async () =>
            {
                var embedder = await GetEmbedderAsync(card);
                return await embedder.EmbedDatasetTextsAsync(reviews.Texts, shared);
            }).WaitAsync(cancellationToken);
        }
        finally
        {
            if (progress is not null)
                shared.Unfollow(progress);
        }
    }

    /// <summary>
    /// The embeddings of texts a student typed (label descriptions, their own reviews, edge cases), through a bounded
    /// in-memory cache (<see cref="LabSettings.TypedTextCacheSize"/> texts per model), never the disk.
    /// </summary>
    public async Task<EmbeddingMatrix> EmbedTextsAsync(ModelCard card, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var embedder = await GetEmbedderAsync(card, cancellationToken: cancellationToken);
        return await embedder.EmbedTypedTextsAsync(texts, cancellationToken);
    }

    private async Task<CachedEmbedder> LoadAsync(ModelCard card, IProgress<DownloadProgress>? download)
    {
        var folder = await models.EnsureFilesAsync(card, download);
        var tokenizer = SentenceTokenizer.For(card, folder);
        var embedder = new SentenceEmbedder(Path.Combine(folder, "model.onnx"), tokenizer, card.MaxSequenceLength, device, scheduler);
        var cache = new EmbeddingCache(settings.EmbeddingCacheDir, CacheKey(card, folder), embedder.Dimension, logger);
        return new CachedEmbedder(embedder, cache, settings.TypedTextCacheSize);
    }

    // The model file's content names its vectors: another export of the model, or a damaged copy of the same size,
    // never shares them, and the good file's vectors are served again once it is back.
    internal static string CacheKey(ModelCard card, string folder) =>
        $"{card.Id}@{card.Revision}-{ContentHash.Of(Path.Combine(folder, "model.onnx"))[..16]}-{SentenceTokenizer.Version}";

    public void Dispose()
    {
        foreach (var embedder in _embedders.Completed())
            embedder.Dispose();
    }
}
