using LabApp.Core.Inference;

namespace LabApp.Core.Classifiers;

/// <summary>
/// Hyperparameters of <see cref="LogisticRegression"/>, with scikit-learn's defaults.
/// </summary>
/// <param name="C">Inverse regularisation strength: the objective is the summed log-loss plus ‖W‖²/(2C).</param>
/// <param name="MaxIter">Most L-BFGS iterations (scikit-learn's <c>max_iter</c>).</param>
/// <param name="Tolerance">Stop once every gradient component is at most this (scikit-learn's <c>tol</c>).</param>
public sealed record LogisticRegressionOptions(double C = 1.0, int MaxIter = 100, double Tolerance = 1e-4);

/// <summary>
/// scikit-learn's <c>LogisticRegression()</c> with its defaults: L2 penalty, lbfgs, an unpenalised intercept, one
/// sigmoid weight vector for two classes and a multinomial softmax over all classes for more.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Learns one weight vector per class (one in total for two classes) from labelled embeddings.</summary>
    /// <param name="x">One embedding per row.</param>
    /// <param name="labels">The class of each row; any integers, at least two distinct.</param>
    /// <exception cref="ArgumentException">Labels and rows disagree, fewer than two classes, non-finite values or invalid options.</exception>
    public static LogisticRegressionModel Fit(EmbeddingMatrix x, IReadOnlyList<int> labels, LogisticRegressionOptions? options = null)
    {
        options ??= new LogisticRegressionOptions();
        Validate(options);
        if (labels.Count != x.Count)
            throw new ArgumentException($"Got {x.Count} embeddings but {labels.Count} labels; pass exactly one label per embedding row.");

        var classes = labels.Distinct().Order().ToArray();
        if (classes.Length < 2)
        {
            var found = classes.Length == 0 ? "no labels at all" : $"only class {classes[0]}";
            throw new ArgumentException($"Logistic regression needs at least two classes, but the training labels contain {found}; add examples of another class.");
        }
        RequireFinite(x);

        var classIndices = labels.Select(label => Array.BinarySearch(classes, label)).ToArray();
        var loss = new LogisticLoss(x.Values, classIndices, x.Dimension, classes.Length, options.C);
        var result = Lbfgs.Minimize(loss, options.MaxIter, options.Tolerance);
        return LogisticRegressionModel.FromParameters(classes, x.Dimension, result);
    }

    private static void Validate(LogisticRegressionOptions options)
    {
        if (!(options.C > 0) || double.IsInfinity(options.C))
            throw new ArgumentException($"C must be a positive finite number (it is the inverse of the regularisation strength; 1.0 is the default), got {options.C}.", nameof(options));
        if (options.MaxIter < 1)
            throw new ArgumentException($"MaxIter must be at least 1 (the default is 100), got {options.MaxIter}.", nameof(options));
        if (!(options.Tolerance >= 0))
            throw new ArgumentException($"Tolerance must be zero or positive (the default is 1e-4), got {options.Tolerance}.", nameof(options));
    }

    private static void RequireFinite(EmbeddingMatrix x)
    {
        for (var i = 0; i < x.Count; i++)
        {
            foreach (var value in x.Row(i))
            {
                if (!float.IsFinite(value))
                    throw new ArgumentException($"Embedding row {i} contains {value}; every value must be finite. Check the embedding step for that text.", nameof(x));
            }
        }
    }
}
