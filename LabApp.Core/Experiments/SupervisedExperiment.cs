using LabApp.Core.Classifiers;

namespace LabApp.Core.Experiments;

/// <summary>The chapter's embeddings + logistic regression: fit on the training embeddings, predict the test reviews.</summary>
public static class SupervisedExperiment
{
    public const string Method = "supervised";

    public static ClassificationRun Run(LabeledEmbeddings train, LabeledEmbeddings test, string modelId, LogisticRegressionOptions? options = null)
    {
        var model = LogisticRegression.Fit(train.Embeddings, train.Labels, options);
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
