using LabApp.Core.Models;

namespace LabApp.Core.Experiments;

/// <summary>
/// What an experiment runs on: the embedding model, the seeded subsets of the book
/// (<c>train.shuffle(seed).select(range(TrainSize))</c>, the same for test; null = the whole split) and the seed.
/// </summary>
public sealed record ExperimentSettings(string ModelId = ModelCatalog.MiniLmId, int? TrainSize = null, int? TestSize = null, ulong Seed = 42)
{
    public ModelCard Model => ModelCatalog.Find(ModelId);

    /// <summary>The settings as the run log shows them: <c>model=minilm train=all test=300 seed=42</c>.</summary>
    public string Describe() =>
        $"model={ModelCatalog.ShortName(Model)} train={TrainSize?.ToString() ?? "all"} test={TestSize?.ToString() ?? "all"} seed={Seed}";
}
