using System.Globalization;
using LabApp.Components.UI;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>An edge case as the student edits it: its category, text and expected label (0 = negative, 1 = positive).</summary>
public sealed class EditableCase
{
    public string Category { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>-1 until the student chooses: a new case has no expected label of its own.</summary>
    public int Expected { get; set; } = -1;
}

/// <summary>The analysis's headline numbers, as the workbook keeps them (the analysis itself is the model's to make again).</summary>
public sealed record FailureAnalysisSummary(
    int Reviews, int Correct, int FalsePositives, int FalseNegatives, double Cut, int HighConfidenceErrors, double AverageWordsOfErrors, double AverageWordsOfCorrect)
{
    public double Accuracy => Reviews == 0 ? 0 : Correct / (double)Reviews;

    public static FailureAnalysisSummary Of(FailureAnalysisResult analysis, double cut) => new(
        analysis.Reviews.Count, analysis.Correct, analysis.FalsePositives, analysis.FalseNegatives, cut,
        analysis.HighConfidenceErrors(cut).Count, analysis.AverageWordsOfErrors, analysis.AverageWordsOfCorrect);
}

/// <summary>
/// Medium Task 4 as the student's workbook keeps it: the model, the cut and their edge cases, the analysis's headline
/// numbers and the verdicts on their cases as last shown, their answers and their write-up.
/// </summary>
public sealed record FailureAnalysisWork(
    FailureAnalysisInputs Inputs,
    FailureAnalysisSummary? Summary,
    EdgeCaseReport? Report,
    IReadOnlyList<string> Answers);

/// <summary>
/// Medium task 4 as one student left it: the model, the confidence that makes an error "high-confidence", their edge
/// cases (the book's six to begin with), and the trained classifier's analysis and verdicts on them.
/// </summary>
public sealed class FailureAnalysisState : IPageState<FailureAnalysisWork>
{
    private readonly InteractionTimings _timings;
    // The headline numbers the workbook last saved, kept until the analysis is made again.
    private FailureAnalysisSummary? _summary;

    public FailureAnalysisState(InteractionTimings timings)
    {
        _timings = timings;
        UseInputs(FailureAnalysisInputs.Default);
    }

    /// <summary>The page's route, which names its entry in the workbook.</summary>
    public const string Page = "/medium/failure-analysis";

    public string Route => Page;

    /// <summary>The embedding model's short name.</summary>
    public string Model { get; set; } = "";

    /// <summary>The confidence an error must exceed to count as high-confidence (the book's 0.7).</summary>
    public double MinConfidence { get; set; }

    public List<EditableCase> Cases { get; } = [];

    /// <summary>The trained classifier's errors on the test reviews; setting it draws the length chart.</summary>
    public FailureAnalysisResult? Analysis
    {
        get;
        set
        {
            field = value;
            _summary = null;
            var lengths = value?.Lengths();
            LengthChart = lengths is null ? Figure.Empty : Figure.GroupedBars("Review length: share of errors and of correct predictions per bin", "words", "share of the group",
                lengths.BinNames, [("errors", lengths.ErrorShares), ("correct", lengths.CorrectShares)]);
        }
    }

    public Figure LengthChart { get; private set; } = Figure.Empty;

    /// <summary>The errors made with more confidence than the cut.</summary>
    public IReadOnlyList<AnalysedReview> ConfidentErrors => Analysis?.HighConfidenceErrors(MinConfidence) ?? [];

    public TaskAnswers Answers { get; } = new();

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

    public FailureAnalysisInputs Inputs => new(ModelCatalog.Find(Model).Id, EdgeCases, MinConfidence);

    public FailureAnalysisWork Work => new(Inputs, Analysis is { } analysis ? FailureAnalysisSummary.Of(analysis, MinConfidence) : _summary, Report, Answers.ToArray());

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

    public void ChooseModel(string model) => (Model, ModelProblem) = (model, null);

    public void Read(UrlState url)
    {
        (Model, ModelProblem) = PageStates.Model(url, Model);
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

    public void Use(FailureAnalysisWork work)
    {
        UseInputs(work.Inputs ?? FailureAnalysisInputs.Default);
        (_summary, Report) = (work.Summary, work.Report?.Outcomes is null ? null : work.Report);
        Answers.Use(work.Answers);
    }

    private void UseInputs(FailureAnalysisInputs inputs)
    {
        Model = PageStates.ModelName(inputs.ModelId);
        MinConfidence = inputs.MinConfidence;
        (ModelProblem, MinConfidenceProblem, CasesProblem) = (null, null, null);
        UseLists(inputs);
    }

    private void UseLists(FailureAnalysisInputs inputs)
    {
        Cases.Clear();
        // Saved work and addresses are the student's to edit: a missing list or case is no case.
        Cases.AddRange((inputs.EdgeCases ?? []).OfType<EdgeCase>().Select(c => new EditableCase { Category = c.Category ?? "", Text = c.Text ?? "", Expected = c.Expected }));
    }
}
