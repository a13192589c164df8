using LabApp.Core.Classifiers;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;

namespace LabApp.Services;

/// <summary>/zero-shot as the student's workbook keeps it: the model and the label descriptions in class order.</summary>
public sealed record ZeroShotWork(string? Model = null, IReadOnlyList<string>? Labels = null);

/// <summary>
/// /zero-shot as one student left it (<c>?model=minilm&amp;label=…&amp;label=…</c>) and the result shown. The embedding map
/// places these label descriptions too.
/// </summary>
public sealed class ZeroShotState(InteractionTimings timings) : IPageState<ZeroShotWork>
{
    public string Route => "/zero-shot";

    public string Model { get; private set; } = EmbeddingModels.Default;

    public List<string> Labels { get; private set; } = [.. ZeroShotExperiment.BookLabels];

    public string? ModelProblem { get; private set; }

    /// <summary>What the address said about its labels (more than the page takes), until the student edits them.</summary>
    public string? LabelsAddressProblem { get; private set; }

    /// <summary>Why the labels cannot be evaluated (too few, empty, twice), or null.</summary>
    public string? Problem => ZeroShotClassifier.Validate(Labels);

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

    public string ModelId => ModelCatalog.Find(Model).Id;

    public bool ShowsCurrent => Shown is { } shown && shown.ModelId == ModelId && shown.Labels.SequenceEqual(Labels);

    public ZeroShotWork Work => new(Model, [.. Labels]);

    public IReadOnlyList<(string Name, object? Value)> Settings => [("model", Model)];

    public IReadOnlyList<(string Name, object? Value)> Lists => [("label", Labels.ToArray())];

    /// <summary>The student typed in label <paramref name="index"/>'s description: the result waits for its embedding.</summary>
    public void SetLabel(int index, string? text)
    {
        (Labels[index], LabelsAddressProblem) = (text ?? "", null);
        timings.Input(Route, "label-edit");
    }

    public void AddLabel()
    {
        Labels.Add("");
        LabelsAddressProblem = null;
    }

    public void RemoveLabel(int index)
    {
        Labels.RemoveAt(index);
        LabelsAddressProblem = null;
    }

    public void UseBookLabels()
    {
        Labels = [.. ZeroShotExperiment.BookLabels];
        LabelsAddressProblem = null;
    }

    public void ChooseModel(string model) => (Model, ModelProblem) = (model, null);

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = url.Choice("model", Model, EmbeddingModels.Names);
        var labels = url.Texts("label");
        if (labels.Count == 0)
            return;
        Labels = [.. labels.Take(ZeroShotClassifier.MostLabels)];
        LabelsAddressProblem = labels.Count > ZeroShotClassifier.MostLabels
            ? $"The address has {labels.Count} labels; the first {ZeroShotClassifier.MostLabels} are used, at most as many as the page takes."
            : null;
    }

    public void Use(ZeroShotWork work)
    {
        Model = EmbeddingModels.Names.Contains(work.Model) ? work.Model! : Model;
        if (work.Labels is { Count: > 0 } labels)
            Labels = [.. labels.Take(ZeroShotClassifier.MostLabels).Select(l => l ?? "")];
        (ModelProblem, LabelsAddressProblem) = (null, null);
    }
}
