using LabApp.Core.Data;
using LabApp.Core.Inference;

namespace LabApp.Core.Experiments;

/// <summary>Reviews with their labels and embeddings (row <c>i</c> of <see cref="Embeddings"/> for review <c>i</c> of <see cref="Sample"/>).</summary>
public sealed record LabeledEmbeddings(ReviewSample Sample, EmbeddingMatrix Embeddings)
{
    public int Count => Sample.Count;

    /// <summary>The reviews' row positions in their split.</summary>
    public IReadOnlyList<int> Indices => Sample.Indices;

    public IReadOnlyList<int> Labels => Sample.Labels;

    public IReadOnlyList<string> Texts => Sample.Texts;
}
