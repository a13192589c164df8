using LabApp.Components.UI;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>A text the student edits in a list (a review, a label description).</summary>
public sealed class EditableText
{
    public string Text { get; set; } = "";
}

/// <summary>
/// Medium Task 1 as the student's workbook keeps it: their reviews and labels, the last result's choices (so the table is
/// there without a model), the snapshots they saved, which one the result is compared with, and their answers.
/// </summary>
public sealed record CustomLabelsWork(
    CustomLabelsInputs Inputs,
    CustomLabelsSnapshot? Shown,
    IReadOnlyList<CustomLabelsSnapshot> Snapshots,
    string? ComparedWith,
    IReadOnlyList<string> Answers)
{
    /// <summary>The comparison the student last looked at, as their workbook shows it; null without one.</summary>
    public CustomLabelsComparison? Comparison => Shown is { } shown && Snapshots.FirstOrDefault(s => s.Name == ComparedWith) is { } before
        ? CustomLabelsExperiment.Compare(before, shown)
        : null;
}

/// <summary>
/// Medium task 1 as one student left it: the model, their reviews and label descriptions, the last result, and the
/// snapshots they saved to compare a label set with a later one.
/// </summary>
public sealed class CustomLabelsState : IPageState<CustomLabelsWork>
{
    private readonly InteractionTimings _timings;
    // The choices the workbook last saved, kept until the page classifies again, so saving before that loses nothing.
    private CustomLabelsSnapshot? _saved;

    public CustomLabelsState(InteractionTimings timings)
    {
        _timings = timings;
        UseInputs(CustomLabelsInputs.Default);
    }

    /// <summary>The page's route, which names its entry in the workbook.</summary>
    public const string Page = "/medium/custom-labels";

    public string Route => Page;

    /// <summary>The embedding model's short name.</summary>
    public string Model { get; set; } = "";

    public List<EditableText> Reviews { get; } = [];

    public List<EditableText> Labels { get; } = [];

    /// <summary>The last result; setting it means the results of the edits before are in.</summary>
    public CustomLabelsResult? Result
    {
        get;
        set
        {
            field = value;
            ReviewChart = value is { } result
                ? Figure.ReviewLabelHeatmap(result)
                : Figure.Empty;
            LabelChart = value is { } labels
                ? Figure.Heatmap("Label × label similarity", labels.Labels, labels.Labels, (r, c) => labels.LabelSimilarities.Similarities[r, c])
                : Figure.Empty;
            _timings.Computed(Route);
        }
    }

    public Figure ReviewChart { get; private set; } = Figure.Empty;

    public Figure LabelChart { get; private set; } = Figure.Empty;

    public TaskAnswers Answers { get; } = new();

    public List<CustomLabelsSnapshot> Snapshots { get; } = [];

    /// <summary>The snapshot the current result is compared with, if any.</summary>
    public CustomLabelsSnapshot? CompareWith { get; set; }

    public string? ModelProblem { get; private set; }

    public CustomLabelsInputs Inputs => new(ModelCatalog.Find(Model).Id, Texts(Reviews), Texts(Labels));

    public CustomLabelsWork Work => new(Inputs, Result is { } result ? CustomLabelsSnapshot.Of("shown", result) : _saved, [.. Snapshots], CompareWith?.Name, Answers.ToArray());

    public IReadOnlyList<(string Name, object? Value)> Settings => [("model", Model)];

    public IReadOnlyList<(string Name, object? Value)> Lists => [("review", Texts(Reviews)), ("label", Texts(Labels))];

    /// <summary>The comparison of the current result with <see cref="CompareWith"/>, when both are there.</summary>
    public CustomLabelsComparison? Comparison =>
        CompareWith is { } snapshot && Result is { } result ? CustomLabelsExperiment.Compare(snapshot, CustomLabelsSnapshot.Of("now", result)) : null;

    /// <summary>The student changed the reviews, the labels or the model (<paramref name="kind"/>, as the metrics name it): the result waits for new embeddings.</summary>
    public void Edited(string kind) => _timings.Input(Route, kind);

    /// <summary>Keeps the current result under a name (by default its number and label count), to compare later label sets with.</summary>
    public void SaveSnapshot(string? name = null)
    {
        if (Result is not { } result)
            return;
        CompareWith = CustomLabelsSnapshot.Of(name ?? $"Snapshot {Snapshots.Count + 1} ({result.Labels.Count} labels)", result);
        Snapshots.Add(CompareWith);
    }

    /// <summary>Replaces the label descriptions with <paramref name="labels"/>; the reviews stay.</summary>
    public void UseLabels(IReadOnlyList<string> labels) => Replace(Labels, labels);

    /// <summary>Back to the book's eight reviews; the labels stay.</summary>
    public void UseBookReviews() => Replace(Reviews, BookInputs.CustomLabelsReviews);

    /// <summary>Moves <paramref name="label"/> <paramref name="by"/> places; a quick second click past the end of the list is ignored.</summary>
    public void MoveLabel(EditableText label, int by)
    {
        var from = Labels.IndexOf(label);
        if (from < 0 || from + by < 0 || from + by >= Labels.Count)
            return;
        Labels.RemoveAt(from);
        Labels.Insert(from + by, label);
    }

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = PageStates.Model(url, Model);
        if (url.Texts("review") is { Count: > 0 } reviews)
            Replace(Reviews, reviews);
        if (url.Texts("label") is { Count: > 0 } labels)
            Replace(Labels, labels);
    }

    public void ChooseModel(string model) => (Model, ModelProblem) = (model, null);

    public void Use(CustomLabelsWork work)
    {
        UseInputs(work.Inputs ?? CustomLabelsInputs.Default);
        Snapshots.Clear();
        Snapshots.AddRange((work.Snapshots ?? []).OfType<CustomLabelsSnapshot>().Where(s => s.Name is not null && s.Labels is not null && s.Choices is not null));
        CompareWith = Snapshots.FirstOrDefault(s => s.Name == work.ComparedWith);
        _saved = work.Shown;
        Answers.Use(work.Answers);
    }

    // Saved work and addresses are the student's to edit: a missing list or text is no text.
    private void UseInputs(CustomLabelsInputs inputs)
    {
        Model = PageStates.ModelName(inputs.ModelId);
        ModelProblem = null;
        Replace(Reviews, inputs.Reviews ?? []);
        Replace(Labels, inputs.Labels ?? []);
    }

    private static string[] Texts(List<EditableText> items) => items.Select(i => i.Text).ToArray();

    private static void Replace(List<EditableText> items, IReadOnlyList<string> texts)
    {
        items.Clear();
        items.AddRange(texts.OfType<string>().Select(t => new EditableText { Text = t }));
    }
}
