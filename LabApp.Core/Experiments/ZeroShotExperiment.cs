using LabApp.Core.Classifiers;
using LabApp.Core.Inference;

namespace LabApp.Core.Experiments;

/// <summary>Zero-shot: label <c>i</c>'s description stands for class <c>i</c>; a review takes the most similar description.</summary>
public static class ZeroShotExperiment
{
    public const string Method = "zero-shot";

    /// <summary>The book's label descriptions.</summary>
    public static IReadOnlyList<string> BookLabels { get; } = ["A negative review", "A positive review"];

    /// <summary>A zero-shot run's settings as the run log shows them; it trains on nothing, so no train size.</summary>
    public static string Describe(ExperimentSettings settings, IReadOnlyList<string> labels) =>
        $"model={Models.ModelCatalog.ShortName(settings.Model)} test={settings.TestSize?.ToString() ?? "all"} labels={string.Join(" | ", labels.Select(l => $"\"{l}\""))}";

    public static ClassificationRun Run(LabeledEmbeddings test, IReadOnlyList<string> labels, EmbeddingMatrix labelEmbeddings, string modelId)
    {
        var similarities = ZeroShotClassifier.Similarities(test.Embeddings, labelEmbeddings);
        var predictions = new Prediction[test.Count];
        for (var i = 0; i < test.Count; i++)
            predictions[i] = new Prediction(test.Indices[i], test.Labels[i], similarities.ArgMax(i), similarities.Row(i).ToArray());

        var targetNames = labels.Count == 2 ? ClassificationRun.SentimentNames : labels;
        return ClassificationRun.From(Method, modelId, targetNames, predictions);
    }
}
