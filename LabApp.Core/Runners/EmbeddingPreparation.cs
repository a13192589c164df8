using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>
/// The overview's <em>Prepare embeddings</em>: the train and test splits embedded with the lab's default model, so every
/// page that needs them starts at once. The embeddings are shared: stopping here does not stop the work for others.
/// </summary>
public sealed class EmbeddingPreparation(ClassificationLab lab)
{
    public static IReadOnlyList<string> Splits { get; } = ["train", "test"];

    public async Task PrepareAsync(IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        foreach (var split in Splits)
            await RunSteps.EmbedSplitAsync(lab, ModelCatalog.MiniLm, split, progress, cancellationToken);
    }
}
