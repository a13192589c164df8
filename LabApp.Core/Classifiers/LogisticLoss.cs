using System.Numerics.Tensors;

namespace LabApp.Core.Classifiers;

/// <summary>
/// scikit-learn's L2-regularised logistic objective: the sum of per-row log-losses plus ‖W‖²/(2C), intercepts not
/// penalised. Parameters are one block per weight vector, <c>[w_0 … w_{d-1}, b]</c>; binary problems have one block
/// (the weights of the second class, as <c>coef_</c>), multinomial ones one block per class.
/// </summary>
/// <remarks>
/// Value and gradient come from one pass over the rows (a dot product and an axpy per row and block), and all
/// buffers are allocated once, because L-BFGS calls this a hundred-odd times on thousands of 384-wide rows.
/// Rows stay float32 and are widened one at a time into a double buffer: scikit-learn computes in float64, and
/// reading half the bytes per pass is faster than keeping a double copy of the matrix.
/// The log-loss formulas are scikit-learn's numerically stable ones (<c>_loss.pyx</c>).
/// </remarks>
internal sealed class LogisticLoss : IDifferentiableFunction
{
    private readonly float[] _rows;
    private readonly int[] _classIndices;
    private readonly int _count;
    private readonly int _dimension;
    private readonly int _blocks;
    private readonly double _penalty;
    private readonly double[] _row;
    private readonly double[] _scores;

    /// <param name="rows">The embeddings, row-major.</param>
    /// <param name="classIndices">Each row's position in the sorted class list.</param>
    /// <param name="classCount">How many classes; two means one weight vector and the sigmoid.</param>
    public LogisticLoss(float[] rows, int[] classIndices, int dimension, int classCount, double c)
    {
        _rows = rows;
        _classIndices = classIndices;
        _count = classIndices.Length;
        _dimension = dimension;
        _blocks = classCount == 2 ? 1 : classCount;
        _penalty = 1.0 / c;
        _row = new double[dimension];
        _scores = new double[_blocks];
    }

    public int ParameterCount => _blocks * (_dimension + 1);

    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        gradient.Clear();
        var loss = new CompensatedSum();
        for (var i = 0; i < _count; i++)
        {
            TensorPrimitives.ConvertChecked<float, double>(_rows.AsSpan(i * _dimension, _dimension), _row);
            ReadOnlySpan<double> row = _row;
            for (var k = 0; k < _blocks; k++)
                _scores[k] = TensorPrimitives.Dot(row, Weights(parameters, k)) + Intercept(parameters, k);

            loss.Add(_blocks == 1 ? BinomialLossAndResidual(_classIndices[i], _scores) : MultinomialLossAndResiduals(_classIndices[i], _scores));
            for (var k = 0; k < _blocks; k++)
            {
                var weightGradient = gradient.Slice(k * (_dimension + 1), _dimension);
                TensorPrimitives.MultiplyAdd(row, _scores[k], weightGradient, weightGradient);
                gradient[k * (_dimension + 1) + _dimension] += _scores[k];
            }
        }

        var squaredNorm = 0.0;
        for (var k = 0; k < _blocks; k++)
        {
            var weights = Weights(parameters, k);
            var weightGradient = gradient.Slice(k * (_dimension + 1), _dimension);
            squaredNorm += TensorPrimitives.Dot(weights, weights);
            TensorPrimitives.MultiplyAdd(weights, _penalty, weightGradient, weightGradient);
        }
        return loss.Total + 0.5 * _penalty * squaredNorm;
    }

    private ReadOnlySpan<double> Weights(ReadOnlySpan<double> parameters, int block) => parameters.Slice(block * (_dimension + 1), _dimension);

    private double Intercept(ReadOnlySpan<double> parameters, int block) => parameters[block * (_dimension + 1) + _dimension];

    /// <summary>Half-binomial loss of one row; replaces its score by the residual sigmoid(z) - y.</summary>
    private static double BinomialLossAndResidual(int classIndex, Span<double> scores)
    {
        var z = scores[0];
        double y = classIndex;
        double loss;
        if (z <= 0)
        {
            var e = Math.Exp(z);
            loss = (z <= -37 ? e : Log1P(e)) - y * z;
            scores[0] = ((1 - y) * e - y) / (1 + e);
        }
        else
        {
            var e = Math.Exp(-z);
            loss = (z <= 18 ? Log1P(e) : e) + (1 - y) * z;
            scores[0] = ((1 - y) - y * e) / (1 + e);
        }
        return loss;
    }

    /// <summary>Multinomial loss of one row (log-sum-exp minus the true score); replaces the scores by softmax - one-hot.</summary>
    private static double MultinomialLossAndResiduals(int classIndex, Span<double> scores)
    {
        var max = TensorPrimitives.Max<double>(scores);
        var trueScore = scores[classIndex];
        var sum = 0.0;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = Math.Exp(scores[k] - max);
            sum += scores[k];
        }
        for (var k = 0; k < scores.Length; k++)
            scores[k] = scores[k] / sum - (k == classIndex ? 1.0 : 0.0);
        return Math.Log(sum) + max - trueScore;
    }

    /// <summary>
    /// Neumaier's compensated sum. The line search interpolates between objective values of ~10⁴ that differ in
    /// the eighth digit; a naive running sum over thousands of rows is off by ~10⁻⁹ and let our path drift from
    /// SciPy's (NumPy sums pairwise) by 10⁻⁶ within 100 iterations, while this keeps them within ~10⁻¹¹.
    /// </summary>
    private struct CompensatedSum
    {
        private double _sum;
        private double _compensation;

        public readonly double Total => _sum + _compensation;

        public void Add(double value)
        {
            var total = _sum + value;
            _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - total) + value : (value - total) + _sum;
            _sum = total;
        }
    }

    /// <summary>log(1 + x), accurate for tiny x (Goldberg's trick; .NET's <c>double.LogP1</c> is a plain log(x + 1)).</summary>
    private static double Log1P(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }
}
