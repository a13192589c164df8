using LabApp.Core.Storage;

namespace LabApp.Core.Inference;

/// <summary>An embedder in front of its disk cache: only the texts the cache lacks reach the model.</summary>
public sealed class CachedEmbedder(SentenceEmbedder embedder, EmbeddingCache cache) : IDisposable
{
    public int Dimension => embedder.Dimension;

    public EmbeddingCache Cache => cache;

    /// <summary>Whether only the beginning of <paramref name="text"/> is embedded (it is longer than the model's maximum sequence).</summary>
    public bool Truncates(string text) => embedder.Truncates(text);

    /// <summary>The embeddings of <paramref name="texts"/> in their order; <paramref name="progress"/> counts texts done, cached ones included.</summary>
    public async Task<EmbeddingMatrix> EmbedAsync(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var values = new float[texts.Count * Dimension];
        var missing = await Task.Run(() => cache.Fill(texts, values), cancellationToken);
        var cached = texts.Count - missing.Count;
        progress?.Report(cached);
        if (missing.Count == 0)
            return new EmbeddingMatrix(texts.Count, Dimension, values);

        var missingTexts = missing.Select(i => texts[i]).ToArray();
        var batchProgress = progress is null ? null : new OffsetProgress(progress, cached);
        var fresh = await embedder.EmbedAsync(missingTexts, batchProgress, cancellationToken: cancellationToken);
        await Task.Run(() => cache.Store(missingTexts, fresh), cancellationToken);
        for (var i = 0; i < missing.Count; i++)
            fresh.Row(i).CopyTo(values.AsSpan(missing[i] * Dimension, Dimension));
        return new EmbeddingMatrix(texts.Count, Dimension, values);
    }

    public void Dispose() => embedder.Dispose();

    // Reports on the embedding thread itself: Progress<T> would post to a synchronisation context and could reorder counts.
    private sealed class OffsetProgress(IProgress<int> inner, int offset) : IProgress<int>
    {
        public void Report(int value) => inner.Report(offset + value);
    }
}
