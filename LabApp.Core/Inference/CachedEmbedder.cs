using LabApp.Core.Storage;

namespace LabApp.Core.Inference;

/// <summary>
/// An embedder with its two caches. The dataset's own reviews go through the disk cache, read and written, so each
/// split is embedded once per model ever. Texts a student types (reviews, labels, edge cases) go through a bounded
/// in-memory cache only: nothing a student writes is kept on disk or outlives the process.
/// </summary>
public sealed class CachedEmbedder : IDisposable
{
    private readonly SentenceEmbedder _embedder;
    private readonly EmbeddingCache _disk;
    private readonly SharedTasks<string, float[]> _typedTexts;

    /// <param name="typedTextCapacity">How many typed texts keep their vector in memory (LRU beyond that).</param>
    internal CachedEmbedder(SentenceEmbedder embedder, EmbeddingCache disk, int typedTextCapacity)
    {
        _embedder = embedder;
        _disk = disk;
        _typedTexts = new SharedTasks<string, float[]>(typedTextCapacity);
    }

    public int Dimension => _embedder.Dimension;

    /// <summary>Whether only the beginning of <paramref name="text"/> is embedded (it is longer than the model's maximum sequence).</summary>
    public bool Truncates(string text) => _embedder.Truncates(text);

    /// <summary>
    /// The embeddings of the dataset's <paramref name="texts"/> in their order, through the disk cache (read and
    /// written); <paramref name="progress"/> counts texts done, cached ones included.
    /// </summary>
    internal async Task<EmbeddingMatrix> EmbedDatasetTextsAsync(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var values = new float[texts.Count * Dimension];
        var missing = await Task.Run(() => _disk.Fill(texts, values), cancellationToken);
        var cached = texts.Count - missing.Count;
        progress?.Report(cached);
        if (missing.Count == 0)
            return new EmbeddingMatrix(texts.Count, Dimension, values);

        _disk.RequireStorable(missing.Count);
        var missingTexts = missing.Select(i => texts[i]).ToArray();
        var batchProgress = progress is null ? null : new OffsetProgress(progress, cached);
        var fresh = await _embedder.EmbedAsync(missingTexts, batchProgress, cancellationToken: cancellationToken);
        await Task.Run(() => _disk.Store(missingTexts, fresh), cancellationToken);
        for (var i = 0; i < missing.Count; i++)
            fresh.Row(i).CopyTo(values.AsSpan(missing[i] * Dimension, Dimension));
        return new EmbeddingMatrix(texts.Count, Dimension, values);
    }

    /// <summary>
    /// The embeddings of texts a student typed, in their order, through the in-memory cache: concurrent callers of the
    /// same text share one model run, and the run goes on for the others when one caller cancels.
    /// </summary>
    internal async Task<EmbeddingMatrix> EmbedTypedTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var rows = await Task.WhenAll(_typedTexts.GetOrStartEach(texts, EmbedWithoutStoringAsync)).WaitAsync(cancellationToken);
        var values = new float[texts.Count * Dimension];
        for (var i = 0; i < rows.Length; i++)
            rows[i].CopyTo(values.AsSpan(i * Dimension, Dimension));
        return new EmbeddingMatrix(texts.Count, Dimension, values);
    }

    // Reading the disk cache is harmless and saves a model run: only the dataset's reviews are ever written there, so a
    // typed text found in it is a dataset review (pasted, say) and gets the very vector its split has. Nothing is written.
    private async Task<IReadOnlyList<float[]>> EmbedWithoutStoringAsync(IReadOnlyList<string> texts)
    {
        var values = new float[texts.Count * Dimension];
        var missing = await Task.Run(() => _disk.Fill(texts, values));
        if (missing.Count > 0)
        {
            var fresh = await _embedder.EmbedTypedAsync(missing.Select(i => texts[i]).ToArray());
            for (var i = 0; i < missing.Count; i++)
                fresh.Row(i).CopyTo(values.AsSpan(missing[i] * Dimension, Dimension));
        }

        return Enumerable.Range(0, texts.Count).Select(i => values.AsSpan(i * Dimension, Dimension).ToArray()).ToArray();
    }

    public void Dispose() => _embedder.Dispose();

    // Reports on the embedding thread itself: Progress<T> would post to a synchronisation context and could reorder counts.
    private sealed class OffsetProgress(IProgress<int> inner, int offset) : IProgress<int>
    {
        public void Report(int value) => inner.Report(offset + value);
    }
}
