using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>Medium task 2 as one student left it: the model, train size, test size and seed, and the rows of their table so far.</summary>
public sealed class LimitedDataState : ILinkedPage<LimitedDataSettings>
{
    private readonly InteractionTimings _timings;

    public LimitedDataState(InteractionTimings timings)
    {
        _timings = timings;
        Use(LimitedDataSettings.Default);
    }

    public string Route => "/medium/limited-data";

    /// <summary>The embedding model's short name.</summary>
    public string Model { get; set; } = "";

    public int TrainSize { get; set; }

    /// <summary>Where the slider over the book's sizes stands: the book's size nearest <see cref="TrainSize"/>.</summary>
    public int BookSizePosition => LimitedDataExperiment.BookSizes.Select((size, i) => (Gap: Math.Abs(size - TrainSize), i)).Min().i;

    /// <summary>The student moved the slider of the book's sizes to <paramref name="position"/>.</summary>
    public void ChooseBookSize(int position) => ChooseTrainSize(LimitedDataExperiment.BookSizes[Math.Clamp(position, 0, LimitedDataExperiment.BookSizes.Count - 1)]);

    public int TestSize { get; set; }

    public int Seed { get; set; }

    public LimitedDataTable Table { get; set; } = LimitedDataTable.Empty;

    /// <summary>The seeds of the learning curve with a band, as the student typed them ("42, 0, 1, 2, 3").</summary>
    public string Seeds { get; set; } = string.Join(", ", SeedBand.DefaultSeeds);

    public string? SeedsProblem => SeedBand.Parse(Seeds).Problem;

    /// <summary>The last learning curve over several seeds, or null before the first.</summary>
    public SeedBand? Band { get; set; }

    /// <summary>The row of the last run, whose first test reviews the page lists.</summary>
    public LimitedDataRow? Latest { get; set; }

    public string? ModelProblem { get; private set; }

    public string? TrainSizeProblem { get; private set; }

    public string? TestSizeProblem { get; private set; }

    public string? SeedProblem { get; private set; }

    public LimitedDataSettings Inputs => new(TrainSize, TestSize, (ulong)Seed, Model);

    public IReadOnlyList<(string Name, object? Value)> Settings => [("model", Model), ("train", TrainSize), ("test", TestSize), ("seed", Seed), ("seeds", Seeds)];

    public IReadOnlyList<(string Name, object? Value)> Lists => [];

    /// <summary>The student chose a training size, in the box or on the slider of the book's sizes.</summary>
    public void ChooseTrainSize(int size)
    {
        TrainSize = size;
        _timings.Input(Route, "train-size");
    }

    /// <summary>The student changed another setting (<paramref name="kind"/>, as the metrics name it: test-size, seed, model).</summary>
    public void Edited(string kind) => _timings.Input(Route, kind);

    /// <summary>
    /// Shows the table's row for the current settings, when one was trained already: a table lookup, so the page answers
    /// at once. False when the settings are new and need training.
    /// </summary>
    public bool ShowKnownRow()
    {
        if (Table.Rows.FirstOrDefault(r => r.Settings == Inputs) is not { } row)
            return false;
        Latest = row;
        _timings.Computed(Route);
        return true;
    }

    public void Add(LimitedDataRow row)
    {
        Table = Table.With(row);
        Latest = row;
        _timings.Computed(Route);
    }

    public void Clear()
    {
        Table = LimitedDataTable.Empty;
        Latest = null;
    }

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = PageLinks.Model(url, Model);
        (TrainSize, TrainSizeProblem) = url.Int("train", TrainSize, 1, LimitedDataExperiment.TrainSplitSize);
        (TestSize, TestSizeProblem) = url.Int("test", TestSize, 1, LimitedDataExperiment.TestSplitSize);
        (Seed, SeedProblem) = url.Int("seed", Seed, 0, int.MaxValue);
        Seeds = url.Text("seeds") ?? Seeds;
    }

    public void Use(LimitedDataSettings inputs)
    {
        Model = ModelCatalog.ShortName(ModelCatalog.Find(inputs.ModelId));
        (TrainSize, TestSize, Seed) = (inputs.TrainSize, inputs.TestSize, (int)inputs.Seed);
        (ModelProblem, TrainSizeProblem, TestSizeProblem, SeedProblem) = (null, null, null, null);
    }

    public void UseLists(LimitedDataSettings inputs)
    {
    }
}
