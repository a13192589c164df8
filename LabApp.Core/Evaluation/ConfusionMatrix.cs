namespace LabApp.Core.Evaluation;

/// <summary>
/// How often each true class was predicted as each class, as <c>sklearn.metrics.confusion_matrix</c>: rows are true
/// classes, columns predicted ones, both over the sorted labels that occur in either sequence.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[] _labels;
    private readonly int[] _counts;

    private ConfusionMatrix(int[] labels, int[] counts)
    {
        _labels = labels;
        _counts = counts;
        Labels = Array.AsReadOnly(labels);
    }

    /// <summary>The labels of the rows and columns, sorted.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>How many rows with true label <c>Labels[trueIndex]</c> were predicted as <c>Labels[predictedIndex]</c>.</summary>
    public int this[int trueIndex, int predictedIndex] => _counts[trueIndex * _labels.Length + predictedIndex];

    /// <summary>All rows compared.</summary>
    public int Total => _counts.Sum();

    /// <exception cref="ArgumentException">The sequences are empty or differ in length.</exception>
    public static ConfusionMatrix Create(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        RequireComparable(yTrue, yPred);
        var seen = new SortedSet<int>();
        foreach (var label in yTrue)
            seen.Add(label);
        foreach (var label in yPred)
            seen.Add(label);
        var labels = seen.ToArray();

        var counts = new int[labels.Length * labels.Length];
        for (var i = 0; i < yTrue.Length; i++)
            counts[Array.BinarySearch(labels, yTrue[i]) * labels.Length + Array.BinarySearch(labels, yPred[i])]++;
        return new ConfusionMatrix(labels, counts);
    }

    /// <summary>Rows of class <c>Labels[index]</c> predicted correctly.</summary>
    public int TruePositives(int index) => this[index, index];

    /// <summary>Rows predicted as <c>Labels[index]</c> (column sum).</summary>
    public int Predicted(int index)
    {
        var sum = 0;
        for (var t = 0; t < _labels.Length; t++)
            sum += this[t, index];
        return sum;
    }

    /// <summary>Rows whose true class is <c>Labels[index]</c> (row sum), scikit-learn's support.</summary>
    public int Support(int index)
    {
        var sum = 0;
        foreach (var count in _counts.AsSpan(index * _labels.Length, _labels.Length))
            sum += count;
        return sum;
    }

    internal static void RequireComparable(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred)
    {
        if (yTrue.Length != yPred.Length)
            throw new ArgumentException($"Got {yTrue.Length} true labels but {yPred.Length} predictions; pass one prediction per row.", nameof(yPred));
        if (yTrue.IsEmpty)
            throw new ArgumentException("There are no rows to score; pass at least one true label and prediction.", nameof(yTrue));
    }
}
