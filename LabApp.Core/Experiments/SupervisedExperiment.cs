using LabApp.Core.Classifiers;
using LabApp.Core.Evaluation;

namespace LabApp.Core.Experiments;

/// <summary>
/// The logistic regression's run with its probabilities' calibration as they are and after temperature scaling: the
/// temperature is fitted on the validation split, never on the test reviews it is judged on.
/// </summary>
public sealed record CalibratedRun(ClassificationRun Run, double Temperature, CalibrationResult Before, CalibrationResult After);

/// <summary>The chapter's embeddings + logistic regression: fit on the training embeddings, predict the test reviews.</summary>
public static class SupervisedExperiment
{
    public const string Method = "supervised";

    public static ClassificationRun Run(LabeledEmbeddings train, LabeledEmbeddings test, string modelId, LogisticRegressionOptions? options = null) =>
        Predict(LogisticRegression.Fit(train.Embeddings, train.Labels, options), test, modelId);

    /// <summary><see cref="Run"/> with the temperature fitted on <paramref name="validation"/> and the calibration before and after it.</summary>
    public static CalibratedRun RunCalibrated(LabeledEmbeddings train, LabeledEmbeddings validation, LabeledEmbeddings test, string modelId)
    {
        var model = LogisticRegression.Fit(train.Embeddings, train.Labels);
        var run = Predict(model, test, modelId);
        var temperature = TemperatureScaling.Fit(model.Logits(validation.Embeddings), validation.Labels);
        var truth = run.Predictions.Select(p => p.True).ToArray();
        var scaled = model.Logits(test.Embeddings).Select(z => TemperatureScaling.Positive(z, temperature)).ToArray();
        return new CalibratedRun(run, temperature, Calibration.Of(truth, run.Predictions.Select(p => p.Scores[1]).ToArray()), Calibration.Of(truth, scaled));
    }

    private static ClassificationRun Predict(LogisticRegressionModel model, LabeledEmbeddings test, string modelId)
    {
        var predictions = new Prediction[test.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var probabilities = model.PredictProba(test.Embeddings.Row(i));
            var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<double>(probabilities);
            predictions[i] = new Prediction(test.Indices[i], test.Labels[i], model.Classes[best], probabilities);
        }

        return ClassificationRun.From(Method, modelId, ClassificationRun.SentimentNames, predictions);
    }
}
