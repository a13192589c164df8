using LabApp.Core.Classifiers;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Runners;

namespace LabApp.Services;

// What a student edits or chooses on the chapter's pages (one class per page, kept in StudentState), with the last
// result shown, so that coming back shows it without a new run. Each reads itself from the page's address when the
// address carries the page's parameters, and writes itself there after every change.

/// <summary>The sentence-embedding models a page can run on, by the short names the address and the run log write.</summary>
public static class EmbeddingModels
{
    public static IReadOnlyList<string> Names { get; } = ModelCatalog.Embedders.Select(ModelCatalog.ShortName).ToArray();

    /// <summary>The lab's embedded all-MiniLM-L6-v2.</summary>
    public static string Default { get; } = ModelCatalog.ShortName(ModelCatalog.MiniLm);
}

/// <summary>
/// /data: the split shown, the search, the book's seeded subset and the review read as a model's word pieces
/// (<c>?split=test&amp;q=wasabi&amp;seed=42&amp;n=5&amp;row=12&amp;model=minilm</c>).
/// </summary>
public sealed class DataInputs
{
    private static readonly string[] Parameters = ["split", "q", "seed", "n", "row", "model"];

    public string Split { get; set; } = "train";

    public string? Query { get; set; }

    public int Seed { get; set; } = 42;

    public int Take { get; set; } = 5;

    /// <summary>The review whose word pieces are shown, by its row in the split; none until one is clicked.</summary>
    public int? Row { get; set; }

    /// <summary>The embedding model whose tokenizer reads the review.</summary>
    public string Model { get; set; } = EmbeddingModels.Default;

    public AddressProblems ReadFrom(UrlState url)
    {
        if (!url.Carries(Parameters))
            return AddressProblems.None;
        var problems = new AddressProblems(true);
        Split = problems.Take("split", url.Choice("split", "train", RottenTomatoes.SplitNames));
        Query = url.Text("q");
        Seed = problems.Take("seed", url.Seed());
        Take = problems.Take("n", url.WholeNumber("n", 5));
        Row = problems.Take("row", url.OptionalInt("row", 0, int.MaxValue, "no review is read"));
        Model = problems.Take("model", url.Choice("model", EmbeddingModels.Default, EmbeddingModels.Names));
        return problems;
    }

    public void WriteTo(UrlState url) =>
        url.Write(("split", Split), ("q", string.IsNullOrWhiteSpace(Query) ? null : Query), ("seed", Seed), ("n", Take),
            ("row", Row), ("model", Model == EmbeddingModels.Default ? null : Model));
}

/// <summary>/supervised: the model, the train and test sizes and the seed (<c>?model=minilm&amp;train=1000&amp;test=300&amp;seed=42</c>).</summary>
public sealed class SupervisedInputs
{
    private static readonly string[] Parameters = ["model", "train", "test", "seed"];

    public string Model { get; set; } = EmbeddingModels.Default;

    /// <summary>Null: the whole split, as an empty field and <c>train=all</c> say.</summary>
    public int? TrainSize { get; set; }

    public int? TestSize { get; set; }

    public int Seed { get; set; } = 42;

    public SupervisedResult? Shown { get; set; }

    // The seed field and the address both refuse negative seeds.
    public ExperimentSettings Settings => new(ModelCatalog.Find(Model).Id, TrainSize, TestSize, (ulong)Seed);

    public bool ShowsCurrent => Shown?.Settings == Settings;

    public AddressProblems ReadFrom(UrlState url)
    {
        if (!url.Carries(Parameters))
            return AddressProblems.None;
        var problems = new AddressProblems(true);
        Model = problems.Take("model", url.Choice("model", EmbeddingModels.Default, EmbeddingModels.Names));
        TrainSize = problems.Take("train", url.OptionalSize("train", null));
        TestSize = problems.Take("test", url.OptionalSize("test", null));
        Seed = problems.Take("seed", url.Seed());
        return problems;
    }

    public void WriteTo(UrlState url) =>
        url.Write(("model", Model), ("train", UrlState.SizeText(TrainSize)), ("test", UrlState.SizeText(TestSize)), ("seed", Seed));
}

/// <summary>/zero-shot: the model and the label descriptions in class order (<c>?model=minilm&amp;label=…&amp;label=…</c>).</summary>
public sealed class ZeroShotInputs(InteractionTimings timings)
{
    public const string Route = "/zero-shot";

    private static readonly string[] Parameters = ["model", "label"];

    public string Model { get; set; } = EmbeddingModels.Default;

    public List<string> Labels { get; set; } = [.. ZeroShotExperiment.BookLabels];

    /// <summary>The result on the page; setting it means the results of the edits before are in.</summary>
    public ZeroShotResult? Shown
    {
        get;
        set
        {
            field = value;
            timings.Computed(Route);
        }
    }

    /// <summary>The student typed in label <paramref name="index"/>'s description: the result waits for its embedding.</summary>
    public void SetLabel(int index, string? text)
    {
        Labels[index] = text ?? "";
        timings.Input(Route, "label-edit");
    }

    public string ModelId => ModelCatalog.Find(Model).Id;

    public bool ShowsCurrent => Shown is { } shown && shown.ModelId == ModelId && shown.Labels.SequenceEqual(Labels);

    public AddressProblems ReadFrom(UrlState url)
    {
        if (!url.Carries(Parameters))
            return AddressProblems.None;
        var problems = new AddressProblems(true);
        Model = problems.Take("model", url.Choice("model", EmbeddingModels.Default, EmbeddingModels.Names));
        var labels = url.Texts("label");
        Labels = labels.Count > 0 ? [.. labels.Take(ZeroShotClassifier.MostLabels)] : [.. ZeroShotExperiment.BookLabels];
        if (labels.Count > ZeroShotClassifier.MostLabels)
            problems.Take("label", new QueryValue<int>(0, $"The address has {labels.Count} labels; the first {ZeroShotClassifier.MostLabels} are used, at most as many as the page takes."));
        return problems;
    }

    public void WriteTo(UrlState url) => url.Write(("model", Model), ("label", Labels.ToArray()));
}

/// <summary>The test reviews a model page scores: its size (null: the whole split, <c>test=all</c>) and seed.</summary>
public sealed class TestSubsetInputs
{
    public int? TestSize { get; set; } = 300;

    public int Seed { get; set; } = 42;

    public TestSubset Subset => new(TestSize, (ulong)Seed);

    /// <summary>The parameters as the address writes them: <c>test=300&amp;seed=42</c>.</summary>
    public (string Name, object? Value)[] Address => [("test", UrlState.SizeText(TestSize)), ("seed", Seed)];

    public void ReadFrom(UrlState url, AddressProblems problems)
    {
        TestSize = problems.Take("test", url.OptionalSize("test", 300));
        Seed = problems.Take("seed", url.Seed());
    }
}

/// <summary>/task-specific: the test subset the model scores (<c>?test=300&amp;seed=42</c>).</summary>
public sealed class TaskSpecificInputs
{
    private static readonly string[] Parameters = ["test", "seed"];

    public TestSubsetInputs Test { get; } = new();

    public TaskSpecificResult? Shown { get; set; }

    public bool ShowsCurrent => Shown?.Subset == Test.Subset;

    public bool CanRun => Test.Subset.Problem is null;

    public AddressProblems ReadFrom(UrlState url)
    {
        if (!url.Carries(Parameters))
            return AddressProblems.None;
        var problems = new AddressProblems(true);
        Test.ReadFrom(url, problems);
        return problems;
    }

    public void WriteTo(UrlState url) => url.Write(Test.Address);
}

/// <summary>/generative: the test subset and the prompt put before each review (<c>?test=300&amp;seed=42&amp;prompt=…</c>).</summary>
public sealed class GenerativeInputs
{
    private static readonly string[] Parameters = ["test", "seed", "prompt"];

    public TestSubsetInputs Test { get; } = new();

    public string Prompt { get; set; } = GenerativeClassifier.DefaultPrompt;

    public GenerativeResult? Shown { get; set; }

    public bool ShowsCurrent => Shown is { } shown && shown.Subset == Test.Subset && shown.Prompt == Prompt;

    public bool CanRun => Test.Subset.Problem is null && GenerativeRunner.PromptProblem(Prompt) is null;

    public AddressProblems ReadFrom(UrlState url)
    {
        if (!url.Carries(Parameters))
            return AddressProblems.None;
        var problems = new AddressProblems(true);
        Test.ReadFrom(url, problems);
        Prompt = url.Text("prompt") ?? GenerativeClassifier.DefaultPrompt;
        return problems;
    }

    public void WriteTo(UrlState url) => url.Write([.. Test.Address, ("prompt", Prompt)]);
}
