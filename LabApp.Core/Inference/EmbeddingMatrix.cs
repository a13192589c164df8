namespace LabApp.Core.Inference;

/// <summary>
/// Sentence embeddings as one row-major block: row <c>i</c> is the embedding of text <c>i</c>.
/// One contiguous array keeps rows cache-friendly for the SIMD loops of the classifiers.
/// </summary>
public sealed class EmbeddingMatrix
{
    public EmbeddingMatrix(int count, int dimension, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (values.Length != count * dimension)
            throw new ArgumentException($"Expected {count} x {dimension} = {count * dimension} values, got {values.Length}.", nameof(values));
        Count = count;
        Dimension = dimension;
        Values = values;
    }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>All rows, row after row.</summary>
    public float[] Values { get; }

    public ReadOnlySpan<float> Row(int index) => Values.AsSpan(index * Dimension, Dimension);

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public EmbeddingMatrix Select(IReadOnlyList<int> indices)
    {
        var values = new float[indices.Count * Dimension];
        for (var i = 0; i < indices.Count; i++)
            Row(indices[i]).CopyTo(values.AsSpan(i * Dimension, Dimension));
        return new EmbeddingMatrix(indices.Count, Dimension, values);
    }
}
