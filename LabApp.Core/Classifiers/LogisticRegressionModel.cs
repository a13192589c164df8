using System.Numerics.Tensors;
using LabApp.Core.Inference;

namespace LabApp.Core.Classifiers;

/// <summary>
/// A fitted <see cref="LogisticRegression"/>: scikit-learn's <c>classes_</c>, <c>coef_</c>, <c>intercept_</c> and
/// <c>n_iter_</c>, with <c>predict_proba</c> and <c>predict</c>. Immutable.
/// </summary>
public sealed class LogisticRegressionModel
{
    private readonly double[][] _weights;
    private readonly double[] _intercepts;

    private LogisticRegressionModel(int[] classes, double[][] weights, double[] intercepts, int iterations, bool converged)
    {
        _weights = weights;
        _intercepts = intercepts;
        Classes = Array.AsReadOnly(classes);
        Coefficients = Array.AsReadOnly(weights.Select(row => (IReadOnlyList<double>)Array.AsReadOnly(row)).ToArray());
        Intercepts = Array.AsReadOnly(intercepts);
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>The distinct training labels, sorted; probabilities come in this order.</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>
    /// One weight vector per row, as <c>coef_</c>: a single row for two classes (pointing towards <c>Classes[1]</c>),
    /// otherwise one row per class.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>> Coefficients { get; }

    /// <summary>One intercept per coefficient row, as <c>intercept_</c>.</summary>
    public IReadOnlyList<double> Intercepts { get; }

    /// <summary>The embedding width the model was trained on.</summary>
    public int Dimension => _weights[0].Length;

    /// <summary>L-BFGS iterations used, as <c>n_iter_</c>.</summary>
    public int Iterations { get; }

    /// <summary>False when the optimiser stopped on <c>MaxIter</c> or a failed line search; scikit-learn warns then.</summary>
    public bool Converged { get; }

    internal static LogisticRegressionModel FromParameters(int[] classes, int dimension, LbfgsResult result)
    {
        var blocks = result.Parameters.Length / (dimension + 1);
        var weights = new double[blocks][];
        var intercepts = new double[blocks];
        for (var k = 0; k < blocks; k++)
        {
            weights[k] = result.Parameters.AsSpan(k * (dimension + 1), dimension).ToArray();
            intercepts[k] = result.Parameters[k * (dimension + 1) + dimension];
        }
        return new LogisticRegressionModel(classes, weights, intercepts, result.Iterations, result.Converged);
    }

    /// <summary>The probability of each class, in <see cref="Classes"/> order.</summary>
    public double[] PredictProba(ReadOnlySpan<float> embedding)
    {
        var scores = DecisionFunction(embedding);
        if (scores.Length == 1)
        {
            var positive = 1.0 / (1.0 + Math.Exp(-scores[0]));
            return [1.0 - positive, positive];
        }
        // Softmax after subtracting the maximum, as scikit-learn's, so large scores cannot overflow.
        var max = TensorPrimitives.Max<double>(scores);
        var sum = 0.0;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = Math.Exp(scores[k] - max);
            sum += scores[k];
        }
        TensorPrimitives.Divide(scores, sum, scores);
        return scores;
    }

    /// <summary>The most probable class. Ties go to the earlier class, as NumPy's argmax.</summary>
    public int Predict(ReadOnlySpan<float> embedding)
    {
        var scores = DecisionFunction(embedding);
        if (scores.Length == 1)
            return Classes[scores[0] > 0 ? 1 : 0];
        return Classes[TensorPrimitives.IndexOfMax<double>(scores)];
    }

    /// <summary>Class probabilities for every row, in <see cref="Classes"/> order.</summary>
    public double[][] PredictProba(EmbeddingMatrix embeddings)
    {
        var probabilities = new double[embeddings.Count][];
        for (var i = 0; i < embeddings.Count; i++)
            probabilities[i] = PredictProba(embeddings.Row(i));
        return probabilities;
    }

    /// <summary>The most probable class of every row.</summary>
    public int[] Predict(EmbeddingMatrix embeddings)
    {
        var predictions = new int[embeddings.Count];
        for (var i = 0; i < embeddings.Count; i++)
            predictions[i] = Predict(embeddings.Row(i));
        return predictions;
    }

    /// <summary>A two-class model's logit of the second class, w·x + b, for every row: scikit-learn's <c>decision_function</c>.</summary>
    public double[] Logits(EmbeddingMatrix embeddings)
    {
        if (_weights.Length != 1)
            throw new InvalidOperationException($"Logits are a two-class model's; this one has {Classes.Count} classes.");
        var logits = new double[embeddings.Count];
        for (var i = 0; i < embeddings.Count; i++)
            logits[i] = DecisionFunction(embeddings.Row(i))[0];
        return logits;
    }

    /// <summary>w·x + b per coefficient row, in double like scikit-learn's float64 decision function.</summary>
    private double[] DecisionFunction(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Dimension)
            throw new ArgumentException($"The model was trained on {Dimension}-dimensional embeddings but got {embedding.Length} values; use embeddings from the same model.", nameof(embedding));
        var scores = new double[_weights.Length];
        for (var k = 0; k < _weights.Length; k++)
        {
            var weights = _weights[k];
            var score = 0.0;
            for (var j = 0; j < weights.Length; j++)
                score += embedding[j] * weights[j];
            scores[k] = score + _intercepts[k];
        }
        return scores;
    }
}
