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
/// Medium task 3 as one student left it: the model, their reviews and label descriptions, the measure and the threshold,
/// the notes they wrote in the experiment log, and the scores the analysis re-reads at any threshold (the student's
/// reviews and the test split, as last scored).
/// </summary>
public sealed class ConfidenceState : ILinkedPage<ConfidenceInputs>
{
    private readonly InteractionTimings _timings;

    public ConfidenceState(InteractionTimings timings)
    {
        _timings = timings;
        Use(ConfidenceInputs.Default);
    }

    public string Route => "/medium/confidence";

    /// <summary>The embedding model's short name.</summary>
    public string Model { get; set; } = "";

    public ConfidenceMeasure Measure { get; set; }

    public double Threshold { get; set; }

    public List<EditableReview> Reviews { get; } = [];

    /// <summary>The label description of class 0 (negative).</summary>
    public string NegativeLabel { get; set; } = "";

    /// <summary>The label description of class 1 (positive).</summary>
    public string PositiveLabel { get; set; } = "";

    public IReadOnlyList<string> Labels => [NegativeLabel, PositiveLabel];

    /// <summary>The student's reviews as last scored; setting them means the results of the edits before are in.</summary>
    public IReadOnlyList<ScoredReview>? Scored
    {
        get;
        set
        {
            field = value;
            _timings.Computed(Route);
        }
    }

    /// <summary>The model and labels <see cref="Scored"/> was scored with: those chosen since may not have scored them yet.</summary>
    public (string Model, IReadOnlyList<string> Labels)? ScoredWith { get; set; }

    public IReadOnlyList<ScoredReview>? TestScored { get; set; }

    /// <summary>The labels <see cref="TestScored"/> was scored with.</summary>
    public IReadOnlyList<string>? TestScoredLabels { get; set; }

    /// <summary>The student's notes in the experiment log, per measure and threshold (to the slider's 0.01).</summary>
    public Dictionary<(ConfidenceMeasure Measure, double Threshold), string> Notes { get; } = [];

    public ThresholdRange Range => ConfidenceExperiment.RangeOf(Measure);

    public string? ModelProblem { get; private set; }

    public string? MeasureProblem { get; private set; }

    public string? ThresholdProblem { get; private set; }

    public string? ReviewsProblem { get; private set; }

    public string? LabelsProblem { get; private set; }

    public IReadOnlyList<LabelledReview> LabelledReviews => Reviews.Select(r => new LabelledReview(r.Text, r.True)).ToArray();

    public ConfidenceInputs Inputs => new(Model, LabelledReviews, Labels, Measure, Threshold);

    public IReadOnlyList<(string Name, object? Value)> Settings =>
        [("model", Model), ("measure", ConfidenceExperiment.NameOf(Measure)), ("threshold", Threshold.ToString("0.###", CultureInfo.InvariantCulture))];

    public IReadOnlyList<(string Name, object? Value)> Lists =>
        [("review", Reviews.Select(r => r.Text).ToArray()), ("truth", Reviews.Select(r => r.True.ToString(CultureInfo.InvariantCulture)).ToArray()), ("label", Labels.ToArray())];

    /// <summary>The note written for <paramref name="threshold"/> under the current measure, or "".</summary>
    public string NoteFor(double threshold) => Notes.GetValueOrDefault(NoteKey(threshold), "");

    public void SetNote(double threshold, string note)
    {
        if (string.IsNullOrWhiteSpace(note))
            Notes.Remove(NoteKey(threshold));
        else
            Notes[NoteKey(threshold)] = note;
    }

    /// <summary>The student's move of the slider: it only re-reads the scores, so its result is there at once.</summary>
    public void MoveThreshold(double threshold)
    {
        // The slider's steps are hundredths; rounding keeps 0.15 from arriving as 0.15000000000000002.
        Threshold = Math.Round(threshold, 2);
        _timings.Instant(Route, "threshold");
    }

    /// <summary>Switches the measure, keeping the threshold where the new measure's range allows it.</summary>
    public void UseMeasure(ConfidenceMeasure measure)
    {
        Measure = measure;
        Threshold = Range.Clamp(Threshold);
        _timings.Instant(Route, "measure");
    }

    /// <summary>The student edited a review, a true label or a label description: the result waits for new scores.</summary>
    public void Edited() => _timings.Input(Route, "text-edit");

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = PageLinks.Model(url, Model);
        if (url.Text("measure") is { } name)
        {
            var measure = ConfidenceExperiment.MeasureNamed(name);
            MeasureProblem = measure is null ? $"measure=\"{name}\" is neither margin nor max; {ConfidenceExperiment.NameOf(Measure)} is used." : null;
            Measure = measure ?? Measure;
        }

        (Threshold, ThresholdProblem) = url.Double("threshold", Range.Clamp(Threshold), Range.Min, Range.Max);
        var labels = url.Texts("label");
        if (labels.Count == 2)
            (NegativeLabel, PositiveLabel) = (labels[0], labels[1]);
        LabelsProblem = labels.Count is 0 or 2
            ? null
            : $"The page takes two label descriptions, negative then positive (label=…&label=…), and the address gives {labels.Count}: \"{NegativeLabel}\" and \"{PositiveLabel}\" are used.";
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
        Measure = inputs.Measure;
        Threshold = Range.Clamp(inputs.Threshold);
        (ModelProblem, MeasureProblem, ThresholdProblem, ReviewsProblem, LabelsProblem) = (null, null, null, null, null);
        UseLists(inputs);
    }

    public void UseLists(ConfidenceInputs inputs)
    {
        Reviews.Clear();
        // The browser's storage is the student's to edit: a missing list or review is no review, and a label set
        // that is not two descriptions leaves the labels as they are.
        Reviews.AddRange((inputs.Reviews ?? []).OfType<LabelledReview>().Select(r => new EditableReview { Text = r.Text ?? "", True = r.True }));
        if (inputs.Labels is [{ } negative, { } positive])
            (NegativeLabel, PositiveLabel) = (negative, positive);
    }

    /// <summary>Back to the book's reviews, true labels and label descriptions; the model, measure and threshold stay.</summary>
    public void UseBook() => UseLists(ConfidenceInputs.Default);

    private (ConfidenceMeasure, double) NoteKey(double threshold) => (Measure, Math.Round(threshold, 2));
}
