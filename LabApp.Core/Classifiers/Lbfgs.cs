using System.Numerics.Tensors;

namespace LabApp.Core.Classifiers;

/// <summary>A smooth function to minimise: returns its value and writes its gradient.</summary>
internal interface IDifferentiableFunction
{
    int ParameterCount { get; }

    double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient);
}

/// <summary>Where L-BFGS stopped: the parameters, the function there, the completed iterations and whether a convergence test passed.</summary>
internal sealed record LbfgsResult(double[] Parameters, double Value, int Iterations, bool Converged);

/// <summary>
/// Unconstrained L-BFGS that retraces SciPy's L-BFGS-B (v3.0, called by scikit-learn's default <c>lbfgs</c> solver).
/// No .NET library reproduces scikit-learn's logistic regression, so the optimiser is ours.
/// </summary>
/// <remarks>
/// Without bounds, L-BFGS-B's Cauchy point and subspace minimisation reduce to the classic two-loop direction with
/// H0 = (s·y / y·y) I, so we use that; everything else follows SciPy: 10 corrections, the first step 1/‖d‖, the
/// Moré–Thuente search with at most 20 evaluations, the curvature test that skips an update, and the stopping tests —
/// max |g| ≤ tol, or relative decrease of f ≤ 2.22e-9 (SciPy's default ftol), checked after each iteration unless the
/// iteration budget ran out first. Matching the path matters: scikit-learn usually stops on the relative-decrease
/// test, measurably (probabilities ~1e-4) short of the exact optimum, so only the same path gives the same model.
/// Paths agree to ~1e-9 on well-conditioned problems; on badly conditioned ones that run into MaxIter, last-bit
/// differences (NumPy's BLAS sums in another order) grow, as SciPy's own path does under 1e-16 gradient noise.
/// </remarks>
internal sealed class Lbfgs
{
    private const int Corrections = 10;
    private const int MaxLineSearchEvaluations = 20;
    private const double RelativeReductionTolerance = 2.2204460492503131e-09;
    private const double MaxStep = 1e10;
    private const double MachineEpsilon = 2.220446049250313e-16;

    private readonly IDifferentiableFunction _function;
    private readonly double[] _x;
    private readonly double[] _g;
    private readonly double[] _direction;
    private readonly double[] _previousX;
    private readonly double[] _previousG;
    private readonly CorrectionHistory _history;
    private readonly MoreThuenteLineSearch _search = new();
    private double _f;

    private Lbfgs(IDifferentiableFunction function)
    {
        var n = function.ParameterCount;
        _function = function;
        _x = new double[n];
        _g = new double[n];
        _direction = new double[n];
        _previousX = new double[n];
        _previousG = new double[n];
        _history = new CorrectionHistory(n, Corrections);
    }

    /// <summary>Minimises from all-zero parameters, as scikit-learn starts.</summary>
    public static LbfgsResult Minimize(IDifferentiableFunction function, int maxIterations, double gradientTolerance) =>
        new Lbfgs(function).Run(maxIterations, gradientTolerance);

    private LbfgsResult Run(int maxIterations, double gradientTolerance)
    {
        _f = _function.Evaluate(_x, _g);
        if (MaxAbs(_g) <= gradientTolerance)
            return Result(0, converged: true);

        var iterations = 0;
        while (true)
        {
            _history.Direction(_g, _direction);
            var previousF = _f;
            var previousSlope = TensorPrimitives.Dot<double>(_g, _direction);
            _x.CopyTo(_previousX, 0);
            _g.CopyTo(_previousG, 0);

            var firstStep = iterations == 0 ? Math.Min(1.0 / TensorPrimitives.Norm<double>(_direction), MaxStep) : 1.0;
            if (!TrySearch(previousSlope, firstStep, out var step, out var slope))
            {
                _previousX.CopyTo(_x, 0);
                _previousG.CopyTo(_g, 0);
                _f = previousF;
                if (_history.IsEmpty)
                    return Result(iterations, converged: false);
                // Like L-BFGS-B: forget the curvature pairs and retry along the steepest descent.
                _history.Clear();
                continue;
            }

            iterations++;
            if (iterations >= maxIterations)
                return Result(iterations, converged: false);
            var scale = Math.Max(Math.Max(Math.Abs(previousF), Math.Abs(_f)), 1.0);
            if (MaxAbs(_g) <= gradientTolerance || previousF - _f <= RelativeReductionTolerance * scale)
                return Result(iterations, converged: true);

            // s·y and the skip threshold computed as L-BFGS-B does, from the slopes along the direction.
            var curvature = (slope - previousSlope) * step;
            if (curvature > MachineEpsilon * (-previousSlope * step))
                _history.Add(_direction, step, _previousG, _g, curvature);
        }
    }

    /// <summary>
    /// Moves x, g and f to an acceptable point along the direction. False when the direction is not downhill or
    /// the evaluations ran out, as L-BFGS-B fails a search; x, g and f then hold the last trial.
    /// </summary>
    private bool TrySearch(double initialSlope, double firstStep, out double step, out double slope)
    {
        step = 0;
        slope = initialSlope;
        if (initialSlope >= 0)
            return false;

        _search.Start(_f, initialSlope, firstStep, MaxStep);
        for (var evaluation = 0; evaluation < MaxLineSearchEvaluations; evaluation++)
        {
            step = _search.Step;
            TensorPrimitives.MultiplyAdd(_direction, step, _previousX, _x);
            _f = _function.Evaluate(_x, _g);
            slope = TensorPrimitives.Dot<double>(_g, _direction);
            if (_search.Accepts(_f, slope))
                return true;
        }
        return false;
    }

    private LbfgsResult Result(int iterations, bool converged) => new(_x, _f, iterations, converged);

    private static double MaxAbs(ReadOnlySpan<double> values) => Math.Abs(TensorPrimitives.MaxMagnitude(values));

    /// <summary>The last few (s, y) pairs, applied to a gradient by the two-loop recursion.</summary>
    private sealed class CorrectionHistory(int dimension, int capacity)
    {
        private readonly double[][] _s = NewVectors(capacity, dimension);
        private readonly double[][] _y = NewVectors(capacity, dimension);
        private readonly double[] _rho = new double[capacity];
        private readonly double[] _alpha = new double[capacity];
        private double _initialScale;
        private int _newest = -1;
        private int _count;

        public bool IsEmpty => _count == 0;

        public void Clear() => (_count, _newest) = (0, -1);

        public void Add(ReadOnlySpan<double> direction, double step, ReadOnlySpan<double> previousGradient, ReadOnlySpan<double> gradient, double curvature)
        {
            _newest = (_newest + 1) % capacity;
            _count = Math.Min(_count + 1, capacity);
            TensorPrimitives.Multiply(direction, step, _s[_newest]);
            TensorPrimitives.Subtract(gradient, previousGradient, _y[_newest]);
            _rho[_newest] = 1.0 / curvature;
            _initialScale = curvature / TensorPrimitives.Dot<double>(_y[_newest], _y[_newest]);
        }

        /// <summary>Writes -H·g; with no pairs yet that is -g, L-BFGS-B's first (Cauchy) direction.</summary>
        public void Direction(ReadOnlySpan<double> gradient, Span<double> direction)
        {
            gradient.CopyTo(direction);
            if (_count > 0)
            {
                for (var i = 0; i < _count; i++)
                {
                    var k = Slot(i);
                    _alpha[k] = _rho[k] * TensorPrimitives.Dot<double>(_s[k], direction);
                    TensorPrimitives.MultiplyAdd(_y[k], -_alpha[k], direction, direction);
                }
                TensorPrimitives.Multiply(direction, _initialScale, direction);
                for (var i = _count - 1; i >= 0; i--)
                {
                    var k = Slot(i);
                    var beta = _rho[k] * TensorPrimitives.Dot<double>(_y[k], direction);
                    TensorPrimitives.MultiplyAdd(_s[k], _alpha[k] - beta, direction, direction);
                }
            }
            TensorPrimitives.Negate(direction, direction);
        }

        /// <summary>The slot of the i-th newest pair (0 = newest).</summary>
        private int Slot(int i) => (_newest - i + capacity) % capacity;

        private static double[][] NewVectors(int count, int length)
        {
            var vectors = new double[count][];
            for (var i = 0; i < count; i++)
                vectors[i] = new double[length];
            return vectors;
        }
    }
}
