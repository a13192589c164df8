using System.Globalization;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>An edge case as the student edits it: its category, text and expected label (0 = negative, 1 = positive).</summary>
public sealed class EditableCase
{
    public string Category { get; set; } = "";

    public string Text { get; set; } = "";

    public int Expected { get; set; } = 1;
}

/// <summary>
/// Medium task 4 as one student left it: the model, the confidence that makes an error "high-confidence", their edge
/// cases (the book's six to begin with), and the trained classifier's analysis and verdicts on them.
/// </summary>
public sealed class FailureAnalysisState : ILinkedPage<FailureAnalysisInputs>
{
    private readonly InteractionTimings _timings;

    public FailureAnalysisState(InteractionTimings timings)
    {
        _timings = timings;
        Use(FailureAnalysisInputs.Default);
    }

    public string Route => "/medium/failure-analysis";

    /// <summary>The embedding model's short name.</summary>
    public string Model { get; set; } = "";

    /// <summary>The confidence an error must exceed to count as high-confidence (the book's 0.7).</summary>
    public double MinConfidence { get; set; }

    public List<EditableCase> Cases { get; } = [];

    public FailureAnalysisResult? Analysis { get; set; }

    /// <summary>The verdicts on the edge cases; setting them means the results of the edits before are in.</summary>
    public EdgeCaseReport? Report
    {
        get;
        set
        {
            field = value;
            _timings.Computed(Route);
        }
    }

    /// <summary>The student moved the cut: it only re-reads the analysis, so its result is there at once.</summary>
    public void MoveCut(double cut)
    {
        MinConfidence = cut;
        _timings.Instant(Route, "cut");
    }

    /// <summary>The student edited an edge case: its verdict waits for new embeddings.</summary>
    public void EditedCases() => _timings.Input(Route, "edge-case-edit");

    public string? ModelProblem { get; private set; }

    public string? MinConfidenceProblem { get; private set; }

    public string? CasesProblem { get; private set; }

    public IReadOnlyList<EdgeCase> EdgeCases => Cases.Select(c => new EdgeCase(c.Category, c.Text, c.Expected)).ToArray();

    public FailureAnalysisInputs Inputs => new(Model, EdgeCases, MinConfidence);

    public IReadOnlyList<(string Name, object? Value)> Settings =>
        [("model", Model), ("confidence", MinConfidence.ToString("0.###", CultureInfo.InvariantCulture))];

    public IReadOnlyList<(string Name, object? Value)> Lists =>
    [
        ("category", Cases.Select(c => c.Category).ToArray()),
        ("case", Cases.Select(c => c.Text).ToArray()),
        ("expected", Cases.Select(c => c.Expected.ToString(CultureInfo.InvariantCulture)).ToArray()),
    ];

    /// <summary>The outcome of case <paramref name="index"/>, while the row still holds the text it was computed for.</summary>
    public EdgeCaseOutcome? OutcomeAt(int index) =>
        Report is { } report && index < report.Outcomes.Count && index < Cases.Count && report.Outcomes[index].Case.Text == Cases[index].Text
            ? report.Outcomes[index]
            : null;

    /// <summary>The book's six edge cases in place of the student's.</summary>
    public void UseBookCases()
    {
        CasesProblem = null;
        UseLists(Inputs with { EdgeCases = FailureAnalysisExperiment.BookEdgeCases });
    }

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = PageLinks.Model(url, Model);
        (MinConfidence, MinConfidenceProblem) = url.Double("confidence", MinConfidence, 0.5, 1);
        var texts = url.Texts("case");
        if (texts.Count == 0)
            return;
        var categories = url.Texts("category");
        var expected = url.Texts("expected");
        var cases = texts.Select((text, i) => new EdgeCase(i < categories.Count ? categories[i] : "", text, i < expected.Count && expected[i] is "0" ? 0 : 1)).ToArray();
        CasesProblem = categories.Count == texts.Count && expected.Count == texts.Count && expected.All(e => e is "0" or "1")
            ? null
            : $"The address gives {texts.Count} edge cases but not a category and an expected=0 or expected=1 for each: positive is used where it is missing.";
        UseLists(Inputs with { EdgeCases = cases });
    }

    public void Use(FailureAnalysisInputs inputs)
    {
        Model = ModelCatalog.ShortName(ModelCatalog.Find(inputs.ModelId));
        MinConfidence = inputs.MinConfidence;
        (ModelProblem, MinConfidenceProblem, CasesProblem) = (null, null, null);
        UseLists(inputs);
    }

    public void UseLists(FailureAnalysisInputs inputs)
    {
        Cases.Clear();
        // The browser's storage is the student's to edit: a missing list or case is no case.
        Cases.AddRange((inputs.EdgeCases ?? []).OfType<EdgeCase>().Select(c => new EditableCase { Category = c.Category ?? "", Text = c.Text ?? "", Expected = c.Expected }));
    }
}
