using System.Globalization;
using LabApp.Components.UI;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>A review as the student edits it: its text and true label (0 = negative, 1 = positive).</summary>
public sealed class EditableReview
{
    public string Text { get; set; } = "";

    public int True { get; set; } = 1;
}

/// <summary>A note the student wrote in the experiment log, for one measure and threshold.</summary>
public sealed record ConfidenceNote(ConfidenceMeasure Measure, double Threshold, string Text);

/// <summary>
/// Medium Task 3 as the student's workbook keeps it: the settings, their reviews and label descriptions, their reviews'
/// scores (so the experiment log is there without a model), their notes and their answers.
/// </summary>
public sealed record ConfidenceWork(
    ConfidenceInputs Inputs,
    IReadOnlyList<ScoredReview>? Scored,
    IReadOnlyList<string>? ScoredLabels,
    IReadOnlyList<ConfidenceNote> Notes,
    IReadOnlyList<string> Answers)
{
    /// <summary>The experiment log of the student's reviews under <paramref name="measure"/>, as last scored; null before they were.</summary>
    public ConfidenceResult? Analyse(ConfidenceMeasure measure) => Scored is { } scored && ScoredLabels is { } labels
        ? ConfidenceExperiment.Analyse(scored, labels, measure, measure == Inputs.Measure ? Inputs.Threshold : ConfidenceExperiment.RangeOf(measure).Clamp(Inputs.Threshold))
        : null;

    /// <summary>The note for <paramref name="threshold"/> under <paramref name="measure"/>, or "".</summary>
    public string NoteFor(ConfidenceMeasure measure, double threshold) =>
        Notes.FirstOrDefault(n => n.Measure == measure && Math.Round(n.Threshold, 2) == Math.Round(threshold, 2))?.Text ?? "";
}

/// <summary>
/// Medium task 3 as one student left it: the model, their reviews and label descriptions, the measure and the threshold,
/// the notes they wrote in the experiment log, and the scores the analysis re-reads at any threshold (the student's
/// reviews and the test split, as last scored).
/// </summary>
public sealed class ConfidenceState : IPageState<ConfidenceWork>
{
    private readonly InteractionTimings _timings;

    public ConfidenceState(InteractionTimings timings)
    {
        _timings = timings;
        UseInputs(ConfidenceInputs.Default);
    }

    /// <summary>The page's route, which names its entry in the workbook.</summary>
    public const string Page = "/medium/confidence";

    public string Route => Page;

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

    /// <summary>The student's reviews as last scored.</summary>
    public IReadOnlyList<ScoredReview>? Scored { get; private set; }

    /// <summary>The model and labels <see cref="Scored"/> was scored with: those chosen since may not have scored them yet.</summary>
    public (string Model, IReadOnlyList<string> Labels)? ScoredWith { get; private set; }

    /// <summary>The student's reviews were scored with <paramref name="model"/> and <paramref name="labels"/>: the results of the edits before are in.</summary>
    public void ScoredReviews(IReadOnlyList<ScoredReview> scored, string model, IReadOnlyList<string> labels)
    {
        (Scored, ScoredWith) = (scored, (model, labels));
        Analyse();
        _timings.Computed(Route);
    }

    public IReadOnlyList<ScoredReview>? TestScored { get; private set; }

    /// <summary>The labels <see cref="TestScored"/> was scored with.</summary>
    public IReadOnlyList<string>? TestScoredLabels { get; private set; }

    /// <summary>The student's reviews at the current measure and threshold, once scored.</summary>
    public ConfidenceResult? Result { get; private set; }

    /// <summary>The test split at the current measure and threshold, once scored.</summary>
    public ConfidenceResult? TestResult { get; private set; }

    /// <summary>Coverage and accuracy against the threshold, the student's reviews and the test split.</summary>
    public Figure Chart { get; private set; } = Figure.Empty;

    public string MeasureName => Measure == ConfidenceMeasure.Margin ? "margin" : "max similarity − 0.5";

    public TaskAnswers Answers { get; } = new();

    /// <summary>The student's notes in the experiment log, per measure and threshold (to the slider's 0.01).</summary>
    public Dictionary<(ConfidenceMeasure Measure, double Threshold), string> Notes { get; } = [];

    public ThresholdRange Range => ConfidenceExperiment.RangeOf(Measure);

    public string? ModelProblem { get; private set; }

    public string? MeasureProblem { get; private set; }

    public string? ThresholdProblem { get; private set; }

    public string? ReviewsProblem { get; private set; }

    public string? LabelsProblem { get; private set; }

    public IReadOnlyList<LabelledReview> LabelledReviews => Reviews.Select(r => new LabelledReview(r.Text, r.True)).ToArray();

    public ConfidenceInputs Inputs => new(ModelCatalog.Find(Model).Id, LabelledReviews, [.. Labels], Measure, Threshold);

    public ConfidenceWork Work => new(Inputs, Scored, ScoredWith?.Labels,
        [.. Notes.Select(n => new ConfidenceNote(n.Key.Measure, n.Key.Threshold, n.Value))], Answers.ToArray());

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
        (Threshold, ThresholdProblem) = (Math.Round(threshold, 2), null);
        Analyse();
        _timings.Instant(Route, "threshold");
    }

    /// <summary>Switches the measure, keeping the threshold where the new measure's range allows it.</summary>
    public void UseMeasure(ConfidenceMeasure measure)
    {
        (Measure, MeasureProblem) = (measure, null);
        Threshold = Range.Clamp(Threshold);
        Analyse();
        _timings.Instant(Route, "measure");
    }

    public void ChooseModel(string model) => (Model, ModelProblem) = (model, null);

    /// <summary>The test split's scores came in for <paramref name="labels"/>.</summary>
    public void ScoredTestSplit(IReadOnlyList<ScoredReview> scored, IReadOnlyList<string> labels)
    {
        (TestScored, TestScoredLabels) = (scored, labels);
        Analyse();
    }

    /// <summary>The student edited a review, a true label or a label description: the result waits for new scores.</summary>
    public void Edited() => _timings.Input(Route, "text-edit");

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = PageStates.Model(url, Model);
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
        Analyse();
    }

    public void Use(ConfidenceWork work)
    {
        UseInputs(work.Inputs ?? ConfidenceInputs.Default);
        Notes.Clear();
        foreach (var note in (work.Notes ?? []).OfType<ConfidenceNote>().Where(n => !string.IsNullOrWhiteSpace(n.Text)))
            Notes[(note.Measure, Math.Round(note.Threshold, 2))] = note.Text;
        Answers.Use(work.Answers);
        // The scores saved with the work are of the texts they were scored from: shown until the page scores again.
        if (work.Scored is { } scored && work.ScoredLabels is { Count: 2 } labels)
            (Scored, ScoredWith) = ([.. scored.OfType<ScoredReview>()], (Model, labels));
        Analyse();
    }

    /// <summary>Back to the book's reviews, true labels and label descriptions; the model, measure and threshold stay.</summary>
    public void UseBook() => UseLists(ConfidenceInputs.Default);

    private void UseInputs(ConfidenceInputs inputs)
    {
        Model = PageStates.ModelName(inputs.ModelId);
        Measure = inputs.Measure;
        Threshold = Range.Clamp(inputs.Threshold);
        (ModelProblem, MeasureProblem, ThresholdProblem, ReviewsProblem, LabelsProblem) = (null, null, null, null, null);
        UseLists(inputs);
    }

    // Saved work and addresses are the student's to edit: a missing list or review is no review, and a label set
    // that is not two descriptions leaves the labels as they are.
    private void UseLists(ConfidenceInputs inputs)
    {
        Reviews.Clear();
        Reviews.AddRange((inputs.Reviews ?? []).OfType<LabelledReview>().Select(r => new EditableReview { Text = r.Text ?? "", True = r.True }));
        if (inputs.Labels is [{ } negative, { } positive])
            (NegativeLabel, PositiveLabel) = (negative, positive);
    }

    private void Analyse()
    {
        Result = Scored is { } scored && ScoredWith is { } scoredWith
            ? ConfidenceExperiment.Analyse(scored, scoredWith.Labels, Measure, Threshold)
            : null;
        TestResult = TestScored is { } split && TestScoredLabels is { } testLabels
            ? ConfidenceExperiment.Analyse(split, testLabels, Measure, Threshold)
            : null;
        var curves = new List<(string, ConfidenceResult)>();
        if (Result is { } yours)
            curves.Add(("your reviews", yours));
        if (TestResult is { } onTest)
            curves.Add(("test split", onTest));
        Chart = Figure.ThresholdCurves(MeasureName, Threshold, curves);
    }

    private (ConfidenceMeasure, double) NoteKey(double threshold) => (Measure, Math.Round(threshold, 2));
}
