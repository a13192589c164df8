using System.Numerics.Tensors;
using LabApp.Core.Inference;

namespace LabApp.Core.Classifiers;

/// <summary>
/// The chapter's tip: no training at all, each class is the mean of its training embeddings and a review
/// takes the class whose centroid is most cosine-similar.
/// </summary>
public static class CentroidClassifier
{
    public static CentroidModel Fit(EmbeddingMatrix embeddings, IReadOnlyList<int> labels)
    {
        if (embeddings.Count != labels.Count)
            throw new ArgumentException($"{embeddings.Count} embeddings but {labels.Count} labels: give one label per embedding.");

        var classes = labels.Distinct().Order().ToArray();
        if (classes.Length < 2)
            throw new ArgumentException($"The training data has {classes.Length} class; the centroid classifier needs at least two. Use a larger training subset.");

        var sums = new float[classes.Length * embeddings.Dimension];
        var counts = new int[classes.Length];
        for (var i = 0; i < labels.Count; i++)
        {
            var c = Array.BinarySearch(classes, labels[i]);
            var sum = sums.AsSpan(c * embeddings.Dimension, embeddings.Dimension);
            TensorPrimitives.Add(sum, embeddings.Row(i), sum);
            counts[c]++;
        }

        for (var c = 0; c < classes.Length; c++)
        {
            var sum = sums.AsSpan(c * embeddings.Dimension, embeddings.Dimension);
            TensorPrimitives.Divide(sum, counts[c], sum);
        }

        return new CentroidModel(classes, new EmbeddingMatrix(classes.Length, embeddings.Dimension, sums));
    }
}

/// <summary>A fitted centroid classifier: the classes and their mean embeddings.</summary>
public sealed record CentroidModel(IReadOnlyList<int> Classes, EmbeddingMatrix Centroids)
{
    public SimilarityMatrix Similarities(EmbeddingMatrix embeddings) => SimilarityMatrix.Cosine(embeddings, Centroids);
}
