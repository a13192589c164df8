using System.Numerics.Tensors;
using LabApp.Core.Inference;

namespace LabApp.Core.Classifiers;

/// <summary>
/// Cosine similarities of every row (a review) with every column (a label or class centroid), with the
/// per-row winner and runner-up: the numbers a student reads off a similarity heatmap.
/// </summary>
public sealed class SimilarityMatrix
{
    private readonly double[] _values;

    private SimilarityMatrix(int rows, int columns, double[] values)
    {
        Rows = rows;
        Columns = columns;
        _values = values;
    }

    public int Rows { get; }

    public int Columns { get; }

    public double this[int row, int column] => _values[row * Columns + column];

    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * Columns, Columns);

    /// <summary>Cosine similarity of each row of <paramref name="rows"/> with each row of <paramref name="columns"/>.</summary>
    public static SimilarityMatrix Cosine(EmbeddingMatrix rows, EmbeddingMatrix columns)
    {
        if (rows.Dimension != columns.Dimension)
            throw new ArgumentException($"Embeddings of different sizes ({rows.Dimension} and {columns.Dimension}) cannot be compared: use one model for both.");

        var values = new double[rows.Count * columns.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
                values[r * columns.Count + c] = TensorPrimitives.CosineSimilarity(rows.Row(r), columns.Row(c));
        }

        return new SimilarityMatrix(rows.Count, columns.Count, values);
    }

    /// <summary>The column with the highest similarity in <paramref name="row"/>; the first one on ties, as numpy's argmax.</summary>
    public int ArgMax(int row) => TensorPrimitives.IndexOfMax(Row(row));

    /// <summary>The best and second-best column of <paramref name="row"/> (second = best when there is one column).</summary>
    public (int Best, int Second) TopTwo(int row)
    {
        var values = Row(row);
        var best = ArgMax(row);
        var second = best;
        for (var c = 0; c < values.Length; c++)
        {
            if (c != best && (second == best || values[c] > values[second]))
                second = c;
        }

        return (best, second);
    }
}
