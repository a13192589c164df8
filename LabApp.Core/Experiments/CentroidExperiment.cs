using LabApp.Core.Classifiers;

namespace LabApp.Core.Experiments;

/// <summary>The centroid variant: each class is its mean training embedding; a review takes the most similar class.</summary>
public static class CentroidExperiment
{
    public const string Method = "centroid";

    public static ClassificationRun Run(LabeledEmbeddings train, LabeledEmbeddings test, string modelId)
    {
        var model = CentroidClassifier.Fit(train.Embeddings, train.Labels);
        var similarities = model.Similarities(test.Embeddings);
        var predictions = new Prediction[test.Count];
        for (var i = 0; i < test.Count; i++)
            predictions[i] = new Prediction(test.Indices[i], test.Labels[i], model.Classes[similarities.ArgMax(i)], similarities.Row(i).ToArray());

        return ClassificationRun.From(Method, modelId, ClassificationRun.SentimentNames, predictions);
    }
}
