using LabApp.Components.UI;
using LabApp.Core.Data;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Runners;

namespace LabApp.Services;

/// <summary>/data as the student's workbook keeps it: the split, the search, the book's seeded subset and the review read as word pieces.</summary>
public sealed record DataWork(string Split = "train", string? Query = null, int Seed = 42, int Take = 5, int? Row = null, string? Model = null);

/// <summary>
/// /data as one student left it (<c>?split=test&amp;q=wasabi&amp;seed=42&amp;n=5&amp;row=12&amp;model=minilm</c>), and what it
/// shows of the split: the reviews the search finds, the seeded subset, the lengths by label and a review's word pieces.
/// </summary>
public sealed class DataState : IPageState<DataWork>
{
    public string Route => "/data";

    public string Split { get; private set; } = "train";

    public string? Query { get; private set; }

    public int Seed { get; private set; } = 42;

    public int Take { get; private set; } = 5;

    /// <summary>The review whose word pieces are shown, by its row in the split; none until one is clicked.</summary>
    public int? Row { get; private set; }

    /// <summary>The embedding model whose tokenizer reads the review.</summary>
    public string Model { get; private set; } = EmbeddingModels.Default;

    public string? SplitProblem { get; private set; }

    public string? SeedProblem { get; private set; }

    /// <summary>What is wrong with the subset's size: the address's value, or one the split has not enough reviews for.</summary>
    public string? TakeProblem => _takeProblem ?? View?.Split.SubsetProblem(Take);

    /// <summary>Why no word pieces are shown for the row: the address named a bad row or model, or the row or vocabulary is missing.</summary>
    public string? WordPieceProblem => _rowProblem ?? _modelProblem ?? _pieceProblem;

    /// <summary>The split as read, or null until it is.</summary>
    public SplitView? View { get; private set; }

    /// <summary>The reviews of <see cref="View"/> that contain the search.</summary>
    public IReadOnlyList<ReviewRow> Rows { get; private set; } = [];

    /// <summary><c>split.shuffle(seed).select(range(n))</c>, or none while the size cannot be taken.</summary>
    public IReadOnlyList<ReviewRow> Subset { get; private set; } = [];

    /// <summary>Words per review, by label.</summary>
    public Figure Lengths { get; private set; } = Figure.Empty;

    public WordPieceReading? Pieces { get; private set; }

    public DataWork Work => new(Split, Query, Seed, Take, Row, Model);

    public IReadOnlyList<(string Name, object? Value)> Settings =>
        [("split", Split), ("q", string.IsNullOrWhiteSpace(Query) ? null : Query), ("seed", Seed), ("n", Take), ("row", Row), ("model", Model == EmbeddingModels.Default ? null : Model)];

    public IReadOnlyList<(string Name, object? Value)> Lists => [];

    private string? _takeProblem;
    private string? _rowProblem;
    private string? _modelProblem;
    private string? _pieceProblem;

    /// <summary>Another split (the one shown stays until it is read): its rows are others, so no review is read until one is clicked.</summary>
    public void ChooseSplit(string split) => (Split, SplitProblem, Row, _rowProblem) = (split, null, null, null);

    public void Search(string? query)
    {
        Query = query;
        Filter();
    }

    public void ChooseSeed(int seed)
    {
        (Seed, SeedProblem) = (seed, null);
        TakeSubset();
    }

    public void ChooseTake(int take)
    {
        (Take, _takeProblem) = (take, null);
        TakeSubset();
    }

    public void ChooseRow(int row) => (Row, _rowProblem) = (row, null);

    public void ChooseModel(string model) => (Model, _modelProblem) = (model, null);

    /// <summary>The split came in: its lengths, the search's rows and the subset follow from it.</summary>
    public void Show(SplitView view)
    {
        View = view;
        Lengths = Figure.Histograms("words", "reviews",
            [(ReviewRow.NameOf(0), view.Summary.WordCountsOf(0)), (ReviewRow.NameOf(1), view.Summary.WordCountsOf(1))]);
        Filter();
        TakeSubset();
    }

    /// <summary>Reads the chosen row as the chosen model's tokenizer does; the first read of a model loads its vocabulary, off the circuit's thread.</summary>
    public async Task ReadWordPiecesAsync(WordPieceReader reader)
    {
        (Pieces, _pieceProblem) = (null, null);
        if (View is not { } view || Row is not { } row)
            return;
        if (row >= view.Split.Count)
        {
            _pieceProblem = $"row={row} is past the {view.Split.Name} split, whose rows run from 0 to {view.Split.Count - 1}.";
            return;
        }

        var (card, text) = (ModelCatalog.Find(Model), view.Split.Texts[row]);
        try
        {
            Pieces = await Task.Run(() => reader.Read(card, text));
        }
        catch (FileNotFoundException)
        {
            // The exception names the server's folders, which are the command line's business, not a student's.
            _pieceProblem = $"{card.Id} is not downloaded on this server yet: its vocabulary comes with the model, which a page that uses it downloads (or the instructor places).";
        }
    }

    public void Read(UrlState url)
    {
        (Split, SplitProblem) = url.Choice("split", Split, RottenTomatoes.SplitNames);
        Query = url.Text("q") ?? Query;
        (Seed, SeedProblem) = url.Int("seed", Seed, 0, int.MaxValue);
        (Take, _takeProblem) = url.WholeNumber("n", Take);
        if (url.Carries("row"))
            (Row, _rowProblem) = url.OptionalInt("row", 0, int.MaxValue, "no review is read");
        (Model, _modelProblem) = url.Choice("model", Model, EmbeddingModels.Names);
    }

    public void Use(DataWork work)
    {
        Split = RottenTomatoes.SplitNames.Contains(work.Split) ? work.Split : Split;
        Query = work.Query;
        Seed = work.Seed >= 0 ? work.Seed : Seed;
        Take = work.Take;
        Row = work.Row is >= 0 ? work.Row : null;
        Model = EmbeddingModels.Names.Contains(work.Model) ? work.Model! : Model;
        (SplitProblem, SeedProblem, _takeProblem, _rowProblem, _modelProblem) = (null, null, null, null, null);
    }

    private void Filter() => Rows = View is { } view ? ReviewRow.Search(view.Split, Query) : [];

    private void TakeSubset() => Subset = View is { } view && TakeProblem is null ? ReviewRow.SeededSubset(view.Split, Take, (ulong)Seed) : [];
}
