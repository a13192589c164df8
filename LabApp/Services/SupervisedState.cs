using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;

namespace LabApp.Services;

/// <summary>/supervised as the student's workbook keeps it: the model, the train and test sizes (null: the whole split) and the seed.</summary>
public sealed record SupervisedWork(string? Model = null, int? TrainSize = null, int? TestSize = null, int Seed = 42);

/// <summary>
/// /supervised as one student left it (<c>?model=minilm&amp;train=1000&amp;test=300&amp;seed=42</c>), what is wrong with its
/// sizes, and the last result shown.
/// </summary>
public sealed class SupervisedState : IPageState<SupervisedWork>
{
    public string Route => "/supervised";

    public string Model { get; private set; } = EmbeddingModels.Default;

    /// <summary>Null: the whole split, as an empty field and <c>train=all</c> say.</summary>
    public int? TrainSize { get; private set; }

    public int? TestSize { get; private set; }

    public int Seed { get; private set; } = 42;

    public SupervisedResult? Shown { get; set; }

    public string? ModelProblem { get; private set; }

    public string? SeedProblem { get; private set; }

    /// <summary>What the address said wrongly about the train size, or what the split says against it.</summary>
    public string? TrainProblem => _trainProblem ?? Sizes.TrainSize;

    public string? TestProblem => _testProblem ?? Sizes.TestSize;

    /// <summary>What the splits say against the sizes, as last checked.</summary>
    public SizeProblems Sizes { get; private set; } = new(null, null);

    // The seed field and the address both refuse negative seeds.
    public ExperimentSettings Experiment => new(ModelCatalog.Find(Model).Id, TrainSize, TestSize, (ulong)Seed);

    public bool ShowsCurrent => Shown?.Settings == Experiment;

    public SupervisedWork Work => new(Model, TrainSize, TestSize, Seed);

    public IReadOnlyList<(string Name, object? Value)> Settings =>
        [("model", Model), ("train", UrlState.SizeText(TrainSize)), ("test", UrlState.SizeText(TestSize)), ("seed", Seed)];

    public IReadOnlyList<(string Name, object? Value)> Lists => [];

    private string? _trainProblem;
    private string? _testProblem;

    public void ChooseModel(string model) => (Model, ModelProblem) = (model, null);

    public void ChooseTrainSize(int? size) => (TrainSize, _trainProblem) = (size, null);

    public void ChooseTestSize(int? size) => (TestSize, _testProblem) = (size, null);

    public void ChooseSeed(int seed) => (Seed, SeedProblem) = (seed, null);

    /// <summary>Checks the sizes against the splits, for the messages beside the inputs; a check that a later edit overtook is dropped.</summary>
    public async Task CheckAsync(SupervisedRunner runner)
    {
        var experiment = Experiment;
        var sizes = await runner.CheckAsync(experiment);
        if (experiment == Experiment)
            Sizes = sizes;
    }

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = url.Choice("model", Model, EmbeddingModels.Names);
        (TrainSize, _trainProblem) = url.OptionalSize("train", TrainSize);
        (TestSize, _testProblem) = url.OptionalSize("test", TestSize);
        (Seed, SeedProblem) = url.Int("seed", Seed, 0, int.MaxValue);
    }

    public void Use(SupervisedWork work)
    {
        Model = EmbeddingModels.Names.Contains(work.Model) ? work.Model! : Model;
        (TrainSize, TestSize) = (work.TrainSize, work.TestSize);
        Seed = work.Seed >= 0 ? work.Seed : Seed;
        (ModelProblem, SeedProblem, _trainProblem, _testProblem) = (null, null, null, null);
    }
}
