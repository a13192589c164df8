using LabApp.Core.Data;
using LabApp.Core.Inference;

namespace LabApp.Core.Experiments;

/// <summary>
/// Reviews of one split with their labels and embeddings; <see cref="Indices"/> are their row positions in the split,
/// so a prediction can always be traced back to the review it is about.
/// </summary>
public sealed record LabeledEmbeddings(ReviewSplit Split, IReadOnlyList<int> Indices, EmbeddingMatrix Embeddings)
{
    public int Count => Indices.Count;

    public IReadOnlyList<int> Labels { get; } = Indices.Select(i => Split.Labels[i]).ToArray();

    public IReadOnlyList<string> Texts { get; } = Indices.Select(i => Split.Texts[i]).ToArray();
}
