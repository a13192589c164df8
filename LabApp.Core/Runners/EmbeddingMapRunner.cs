using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>
/// The embedding map's work: the test split's map per embedding model, computed once and shared by every student (it
/// depends on nothing a student chooses), and the places of the texts a student types, embedded in memory only.
/// </summary>
public sealed class EmbeddingMapRunner(ClassificationLab lab)
{
    // One map per embedding model of the catalog: the key space is the bound, so nothing is ever recomputed.
    private readonly SharedTasks<string, EmbeddingMap> _maps = new(ModelCatalog.Embedders.Count);

    /// <exception cref="ArgumentException">A model that is not an embedding model.</exception>
    public async Task<EmbeddingMap> MapAsync(string modelId, IProgress<RunStep>? progress = null, CancellationToken cancellationToken = default)
    {
        var card = ModelCatalog.Find(modelId);
        if (card.Task != ModelTask.SentenceEmbedding)
            throw new ArgumentException($"{card.Id} is not a sentence-embedding model; use one of: {string.Join(", ", ModelCatalog.Embedders.Select(m => m.Id))}.");
        await RunSteps.EmbedSplitAsync(lab, card, "train", progress, cancellationToken);
        await RunSteps.EmbedSplitAsync(lab, card, "test", progress, cancellationToken);
        progress?.Report(new RunStep("Fitting the logistic regression and the map's two axes"));
        return await _maps.GetOrStart(card.Id, async () =>
        {
            var settings = new ExperimentSettings(card.Id);
            var run = await lab.RunSupervisedAsync(settings);
            var test = await lab.PrepareAsync(settings, "test", null);
            return await Task.Run(() => EmbeddingMapExperiment.Map(test, run));
        }).WaitAsync(cancellationToken);
    }

    /// <summary>Where <paramref name="texts"/> (label descriptions, a student's own review) fall on <paramref name="map"/>.</summary>
    /// <exception cref="ArgumentException">A text is longer than a typed text may be: nothing is embedded.</exception>
    public async Task<IReadOnlyList<(double X, double Y)>> PlaceAsync(EmbeddingMap map, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (texts.Count == 0)
            return [];
        if (texts.FirstOrDefault(t => t.Length > Data.TypedText.MaxCharacters) is not null)
            throw new ArgumentException($"A text to place has more than {Data.TypedText.MaxCharacters:N0} characters: shorten it.");
        var embeddings = await lab.Embeddings.EmbedTextsAsync(ModelCatalog.Find(map.ModelId), texts, cancellationToken);
        return EmbeddingMapExperiment.Place(map, embeddings);
    }
}
