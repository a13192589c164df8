using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>
/// The overview's <em>Prepare embeddings</em>: the train and test splits embedded with the lab's default model, so every
/// page that needs them starts at once. The embeddings are shared: stopping here does not stop the work for others.
/// </summary>
public sealed class EmbeddingPreparation(ClassificationLab lab)
{
    private int _underWay;
    private volatile bool _prepared;

    public static IReadOnlyList<string> Splits { get; } = ["train", "test"];

    /// <summary>Whether someone is preparing (the warm start, a student), so a page that opens can follow it.</summary>
    public bool IsUnderWay => Volatile.Read(ref _underWay) > 0;

    /// <summary>Whether a preparation finished in this process (the warm start's, a student's): both splits are embedded and cached.</summary>
    public bool IsPrepared => _prepared;

    public async Task PrepareAsync(IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _underWay);
        try
        {
            foreach (var split in Splits)
                await RunSteps.EmbedSplitAsync(lab, ModelCatalog.MiniLm, split, progress, cancellationToken);
            _prepared = true;
        }
        finally
        {
            Interlocked.Decrement(ref _underWay);
        }
    }
}
