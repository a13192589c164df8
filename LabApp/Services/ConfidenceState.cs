using System.Globalization;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>A review as the student edits it: its text and true label (0 = negative, 1 = positive).</summary>
public sealed class EditableReview
{
    public string Text { get; set; } = "";

    public int True { get; set; } = 1;
}

/// <summary>
/// Medium task 3 as one student left it: the model, their reviews, the measure and the threshold, and the scores the
/// analysis re-reads at any threshold (the student's reviews and the test split, as last scored).
/// </summary>
public sealed class ConfidenceState : ILinkedPage<ConfidenceInputs>
{
    public ConfidenceState() => Use(ConfidenceInputs.Default);

    public string Route => "/medium/confidence";

    /// <summary>The embedding model's short name.</summary>
    public string Model { get; set; } = "";

    public ConfidenceMeasure Measure { get; set; }

    public double Threshold { get; set; }

    public List<EditableReview> Reviews { get; } = [];

    public IReadOnlyList<ScoredReview>? Scored { get; set; }

    /// <summary>The model <see cref="Scored"/> was scored with: the model chosen since may not have scored them yet.</summary>
    public string? ScoredModel { get; set; }

    public IReadOnlyList<ScoredReview>? TestScored { get; set; }

    public string? ModelProblem { get; private set; }

    public string? MeasureProblem { get; private set; }

    public string? ThresholdProblem { get; private set; }

    public string? ReviewsProblem { get; private set; }

    public IReadOnlyList<LabelledReview> LabelledReviews => Reviews.Select(r => new LabelledReview(r.Text, r.True)).ToArray();

    public ConfidenceInputs Inputs => new(Model, LabelledReviews, Measure, Threshold);

    public IReadOnlyList<(string Name, object? Value)> Settings =>
        [("model", Model), ("measure", ConfidenceExperiment.NameOf(Measure)), ("threshold", Threshold.ToString("0.###", CultureInfo.InvariantCulture))];

    public IReadOnlyList<(string Name, object? Value)> Lists =>
        [("review", Reviews.Select(r => r.Text).ToArray()), ("truth", Reviews.Select(r => r.True.ToString(CultureInfo.InvariantCulture)).ToArray())];

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = PageLinks.Model(url, Model);
        if (url.Text("measure") is { } name)
        {
            var measure = ConfidenceExperiment.MeasureNamed(name);
            MeasureProblem = measure is null ? $"measure=\"{name}\" is neither margin nor max; {ConfidenceExperiment.NameOf(Measure)} is used." : null;
            Measure = measure ?? Measure;
        }

        (Threshold, ThresholdProblem) = url.Double("threshold", Threshold, 0, 1);
        var texts = url.Texts("review");
        if (texts.Count == 0)
            return;
        var truths = url.Texts("truth");
        var reviews = texts.Select((text, i) => new LabelledReview(text, i < truths.Count && truths[i] is "0" ? 0 : 1)).ToArray();
        ReviewsProblem = truths.Count == texts.Count && truths.All(t => t is "0" or "1")
            ? null
            : $"The address gives {texts.Count} reviews but not a truth=0 or truth=1 for each: positive is used where it is missing.";
        UseLists(Inputs with { Reviews = reviews });
    }

    public void Use(ConfidenceInputs inputs)
    {
        Model = ModelCatalog.ShortName(ModelCatalog.Find(inputs.ModelId));
        (Measure, Threshold) = (inputs.Measure, inputs.Threshold);
        (ModelProblem, MeasureProblem, ThresholdProblem, ReviewsProblem) = (null, null, null, null);
        UseLists(inputs);
    }

    public void UseLists(ConfidenceInputs inputs)
    {
        Reviews.Clear();
        // The browser's storage is the student's to edit: a missing list or review is no review.
        Reviews.AddRange((inputs.Reviews ?? []).OfType<LabelledReview>().Select(r => new EditableReview { Text = r.Text ?? "", True = r.True }));
    }
}
