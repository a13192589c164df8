using LabApp.Components.UI;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>Medium Task 2 as the student's workbook keeps it: the settings, the rows of their results table, the seed band's rows and their answers.</summary>
public sealed record LimitedDataWork(
    LimitedDataSettings Settings,
    string Seeds,
    IReadOnlyList<LimitedDataRow> Rows,
    IReadOnlyList<LimitedDataRow> BandRows,
    IReadOnlyList<string> Answers);

/// <summary>Medium task 2 as one student left it: the model, train size, test size and seed, the rows of their table so far, and their answers.</summary>
public sealed class LimitedDataState : IPageState<LimitedDataWork>
{
    private readonly InteractionTimings _timings;
    private IReadOnlyList<LimitedDataRow> _bandRows = [];

    public LimitedDataState(InteractionTimings timings)
    {
        _timings = timings;
        UseSettings(LimitedDataSettings.Default);
    }

    /// <summary>The page's route, which names its entry in the workbook.</summary>
    public const string Page = "/medium/limited-data";

    public string Route => Page;

    /// <summary>The embedding model's short name.</summary>
    public string Model { get; private set; } = "";

    public int TrainSize { get; private set; }

    /// <summary>Where the slider over the book's sizes stands: the book's size nearest <see cref="TrainSize"/>.</summary>
    public int BookSizePosition => LimitedDataExperiment.BookSizes.Select((size, i) => (Gap: Math.Abs(size - TrainSize), i)).Min().i;

    public int TestSize { get; private set; }

    public int Seed { get; private set; }

    public LimitedDataTable Table { get; private set; } = LimitedDataTable.Empty;

    /// <summary>The learning curves of <see cref="Table"/>, beside the task-specific model's level.</summary>
    public Figure Curve { get; private set; } = Figure.Empty;

    /// <summary>The seeds of the learning curve with a band, as the student typed them ("42, 0, 1, 2, 3").</summary>
    public string Seeds { get; private set; } = string.Join(", ", SeedBand.DefaultSeeds);

    public string? SeedsProblem => SeedBand.Parse(Seeds).Problem;

    /// <summary>The last learning curve over several seeds, or null before the first.</summary>
    public SeedBand? Band { get; private set; }

    public Figure BandFigure => Band is { } band ? Figure.SeedBand(band) : Figure.Empty;

    /// <summary>The table's row for the current settings, whose first test reviews the page lists; null until they are trained.</summary>
    public LimitedDataRow? Latest => Table.Rows.FirstOrDefault(r => r.Settings == Settings);

    public TaskAnswers Answers { get; } = new();

    public string? ModelProblem { get; private set; }

    public string? TrainSizeProblem { get; private set; }

    public string? TestSizeProblem { get; private set; }

    public string? SeedProblem { get; private set; }

    public LimitedDataSettings Settings => new(TrainSize, TestSize, (ulong)Seed, ModelCatalog.Find(Model).Id);

    public LimitedDataWork Work => new(Settings, Seeds, Table.Rows, _bandRows, Answers.ToArray());

    IReadOnlyList<(string Name, object? Value)> IPageState<LimitedDataWork>.Settings =>
        [("model", Model), ("train", TrainSize), ("test", TestSize), ("seed", Seed), ("seeds", Seeds)];

    public IReadOnlyList<(string Name, object? Value)> Lists => [];

    /// <summary>Whether the current settings are a row of the table already: a lookup answers them, no training.</summary>
    public bool IsTrained => Latest is not null;

    /// <summary>The student chose a training size, in the box or on the slider of the book's sizes.</summary>
    public void ChooseTrainSize(int size)
    {
        (TrainSize, TrainSizeProblem) = (size, null);
        Input("train-size");
    }

    /// <summary>The student moved the slider of the book's sizes to <paramref name="position"/>.</summary>
    public void ChooseBookSize(int position) => ChooseTrainSize(LimitedDataExperiment.BookSizes[Math.Clamp(position, 0, LimitedDataExperiment.BookSizes.Count - 1)]);

    public void ChooseModel(string model)
    {
        (Model, ModelProblem) = (model, null);
        Input("model");
    }

    public void ChooseTestSize(int size)
    {
        (TestSize, TestSizeProblem) = (size, null);
        Input("test-size");
    }

    public void ChooseSeed(int seed)
    {
        (Seed, SeedProblem) = (seed, null);
        Input("seed");
    }

    public void ChooseSeeds(string? seeds) => Seeds = seeds ?? "";

    public void Add(LimitedDataRow row)
    {
        Table = Table.With(row);
        Curve = Figure.LearningCurvesBesideTaskSpecific(Table);
        if (row.Settings == Settings)
            _timings.Computed(Route);
    }

    /// <summary>A row of the seed band came in; the band is drawn again from all of them.</summary>
    public void AddToBand(LimitedDataRow row, bool first)
    {
        _bandRows = first ? [row] : [.. _bandRows, row];
        Band = SeedBand.Of(_bandRows);
    }

    public void Clear()
    {
        Table = LimitedDataTable.Empty;
        Curve = Figure.Empty;
    }

    /// <summary>Tells the lab's metrics that the answer to the last input is on the page already (a row of the table).</summary>
    public void ShownAtOnce() => _timings.Computed(Route);

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = PageStates.Model(url, Model);
        (TrainSize, TrainSizeProblem) = url.Int("train", TrainSize, 1, LimitedDataExperiment.TrainSplitSize);
        (TestSize, TestSizeProblem) = url.Int("test", TestSize, 1, LimitedDataExperiment.TestSplitSize);
        (Seed, SeedProblem) = url.Int("seed", Seed, 0, int.MaxValue);
        Seeds = url.Text("seeds") ?? Seeds;
    }

    public void Use(LimitedDataWork work)
    {
        UseSettings(work.Settings ?? LimitedDataSettings.Default);
        Seeds = work.Seeds ?? Seeds;
        Table = LimitedDataTable.Empty;
        foreach (var row in (work.Rows ?? []).OfType<LimitedDataRow>())
            Table = Table.With(row);
        Curve = Table.Rows.Count > 0 ? Figure.LearningCurvesBesideTaskSpecific(Table) : Figure.Empty;
        _bandRows = [.. (work.BandRows ?? []).OfType<LimitedDataRow>()];
        Band = _bandRows.Count > 0 ? SeedBand.Of(_bandRows) : null;
        Answers.Use(work.Answers);
    }

    private void UseSettings(LimitedDataSettings settings)
    {
        Model = PageStates.ModelName(settings.ModelId);
        (TrainSize, TestSize, Seed) = (settings.TrainSize, settings.TestSize, (int)settings.Seed);
        (ModelProblem, TrainSizeProblem, TestSizeProblem, SeedProblem) = (null, null, null, null);
    }

    private void Input(string kind) => _timings.Input(Route, kind);
}
