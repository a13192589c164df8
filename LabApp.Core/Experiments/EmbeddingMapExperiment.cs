using LabApp.Core.Inference;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace LabApp.Core.Experiments;

/// <summary>
/// Principal components of a set of embeddings, as scikit-learn's <c>PCA(n_components)</c> fits them: centred, the
/// axes of largest variance, each axis's variance (<c>explained_variance_</c>, over n − 1) and share of the total
/// (<c>explained_variance_ratio_</c>). Each axis's sign makes its entry of largest magnitude positive, as scikit-learn's
/// <c>svd_flip(u_based_decision=False)</c> does since 1.5, so the map never turns over between runs or versions.
/// </summary>
public sealed class PrincipalComponents
{
    private readonly double[] _mean;
    private readonly double[][] _axes;

    private PrincipalComponents(double[] mean, double[][] axes, double[] variance, double[] ratio)
    {
        _mean = mean;
        _axes = axes;
        ExplainedVariance = variance;
        ExplainedVarianceRatio = ratio;
    }

    public IReadOnlyList<IReadOnlyList<double>> Components => _axes;

    public IReadOnlyList<double> ExplainedVariance { get; }

    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>
    /// Fits <paramref name="count"/> axes to <paramref name="embeddings"/>. The covariance matrix (dimension × dimension,
    /// 384 × 384 for MiniLM) is decomposed by Math.NET's symmetric eigendecomposition, which is deterministic: the same
    /// vectors give the same axes on every machine.
    /// </summary>
    public static PrincipalComponents Fit(EmbeddingMatrix embeddings, int count = 2)
    {
        if (embeddings.Count < 2)
            throw new ArgumentException($"A map needs at least two embeddings, not {embeddings.Count}.");
        var (n, d) = (embeddings.Count, embeddings.Dimension);
        var data = Matrix<double>.Build.Dense(n, d, (i, j) => embeddings.Row(i)[j]);
        var mean = data.ColumnSums() / n;
        var centred = data - Matrix<double>.Build.Dense(n, d, (_, j) => mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / (n - 1);
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Select(v => v.Real).ToArray();
        var order = Enumerable.Range(0, d).OrderByDescending(i => eigenvalues[i]).Take(count).ToArray();
        var total = eigenvalues.Sum();
        var axes = order.Select(i => SignFixed(evd.EigenVectors.Column(i).ToArray())).ToArray();
        return new PrincipalComponents(mean.ToArray(), axes, order.Select(i => eigenvalues[i]).ToArray(), order.Select(i => eigenvalues[i] / total).ToArray());
    }

    /// <summary>The place of <paramref name="embedding"/> on the axes: its centred vector's projection on each.</summary>
    public double[] Project(ReadOnlySpan<float> embedding)
    {
        var place = new double[_axes.Length];
        for (var a = 0; a < _axes.Length; a++)
        {
            var sum = 0.0;
            for (var j = 0; j < _mean.Length; j++)
                sum += (embedding[j] - _mean[j]) * _axes[a][j];
            place[a] = sum;
        }

        return place;
    }

    private static double[] SignFixed(double[] axis)
    {
        var largest = 0;
        for (var j = 1; j < axis.Length; j++)
        {
            if (Math.Abs(axis[j]) > Math.Abs(axis[largest]))
                largest = j;
        }

        return axis[largest] < 0 ? axis.Select(v => -v).ToArray() : axis;
    }
}

/// <summary>A point of the map: the review's row in the test split and its place on the two axes.</summary>
public sealed record MapPoint(int Index, double X, double Y);

/// <summary>What the map's colours say.</summary>
public enum MapColouring
{
    TrueLabel,
    Prediction,
    Correctness,
}

/// <summary>The reviews one colour of the map holds, by their positions in <see cref="EmbeddingMap.Reviews"/>.</summary>
public sealed record MapGroup(string Name, IReadOnlyList<int> Points);

/// <summary>
/// The test split's reviews in two dimensions, with the logistic regression (trained on the whole train split) that
/// predicts them: the map's colours and the panel of a clicked review come from its run.
/// </summary>
public sealed record EmbeddingMap(string ModelId, PrincipalComponents Axes, IReadOnlyList<MapPoint> Reviews, ClassificationRun Run)
{
    /// <summary>The reviews split into the colours of <paramref name="colouring"/>, each group in test order.</summary>
    public IReadOnlyList<MapGroup> Groups(MapColouring colouring)
    {
        var byIndex = Run.Predictions.ToDictionary(p => p.Index);
        Func<Prediction, string> name = colouring switch
        {
            MapColouring.TrueLabel => p => $"true: {Run.TargetNames[p.True]}",
            MapColouring.Prediction => p => $"predicted: {Run.TargetNames[p.Predicted]}",
            _ => p => p.IsCorrect ? "correct" : "wrong",
        };
        return Reviews.Select((r, i) => (Name: name(byIndex[r.Index]), i))
            .GroupBy(p => p.Name)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MapGroup(g.Key, g.Select(p => p.i).ToArray()))
            .ToArray();
    }

    /// <summary>The logistic regression's prediction of the review at row <paramref name="index"/> of the test split.</summary>
    public Prediction PredictionOf(int index) => Run.Predictions.First(p => p.Index == index);
}

/// <summary>The embedding map: the test split's embeddings by PCA, and any other text placed on the same axes.</summary>
public static class EmbeddingMapExperiment
{
    public static EmbeddingMap Map(LabeledEmbeddings test, ClassificationRun run)
    {
        var axes = PrincipalComponents.Fit(test.Embeddings);
        var points = Enumerable.Range(0, test.Count).Select(i =>
        {
            var place = axes.Project(test.Embeddings.Row(i));
            return new MapPoint(test.Indices[i], place[0], place[1]);
        }).ToArray();
        return new EmbeddingMap(run.ModelId, axes, points, run);
    }

    /// <summary>Where texts embedded as <paramref name="embeddings"/> fall on <paramref name="map"/>, row <c>i</c> at item <c>i</c>.</summary>
    public static IReadOnlyList<(double X, double Y)> Place(EmbeddingMap map, EmbeddingMatrix embeddings) =>
        Enumerable.Range(0, embeddings.Count).Select(i =>
        {
            var place = map.Axes.Project(embeddings.Row(i));
            return (place[0], place[1]);
        }).ToArray();
}
