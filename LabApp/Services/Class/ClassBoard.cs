using LabApp.Core.Book;
using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;

namespace LabApp.Services;

/// <summary>One student on the class's board: the name they gave, else "student N" in the order they began.</summary>
public sealed record ClassStudent(string Label, Workbook Workbook, IReadOnlyList<HandInSummary> HandIns);

/// <summary>A student's progress on the chapter's four tasks, and their hand-ins.</summary>
public sealed record ProgressRow(string Student, IReadOnlyList<TaskProgress> Tasks, IReadOnlyList<HandInSummary> HandIns);

/// <summary>One row of a student's Task 2 table: a point of the class's learning curves.</summary>
public sealed record TrainSizePoint(string Student, string ModelId, int TrainSize, double WeightedF1, bool OnBookReviews);

/// <summary>The class's median weighted F1 at one training size, over the students who trained on the book's test reviews.</summary>
public sealed record MedianPoint(string ModelId, int TrainSize, double WeightedF1, int Students);

/// <summary>One row of a student's Task 3 experiment log.</summary>
public sealed record ThresholdPoint(string Student, ConfidenceMeasure Measure, double Threshold, double Coverage, double Accuracy, bool IsChosen);

/// <summary>A label set the class tried on Task 1, with what it does to the book's eight reviews.</summary>
public sealed record LabelSetRow(IReadOnlyList<string> Labels, int Students, int UncertainBookReviews, double MeanMargin, CustomLabelsSnapshot Example);

/// <summary>
/// An edge case the class wrote on Task 4 (the same text written twice is one), with how many wrote it; once the lab's
/// classifiers have read it, how many of them get it wrong, and whether it is in the class's behavioural suite.
/// </summary>
public sealed record ClassEdgeCase(string Category, string Text, int Expected, int Students)
{
    public int? Failing { get; init; }

    public int? Classifiers { get; init; }

    public bool InSuite { get; init; }

    public EdgeCase Case => new(Category, Text, Expected);
}

/// <summary>One answer to one of the book's Questions.</summary>
public sealed record ClassAnswer(string Student, string Text);

/// <summary>One of the book's Questions (or Task 4's write-up prompts) with the class's answers side by side.</summary>
public sealed record ClassQuestion(int Task, BookAnswerBox Box, IReadOnlyList<ClassAnswer> Answers);

/// <summary>
/// The class as a class: who did what and the spread of their results, per task of the chapter, from the students'
/// workbooks (what their pages saved). A pure function of them, so the board reads the store once per update and
/// computes nothing per student on any student's circuit.
/// </summary>
public sealed record ClassBoard(
    IReadOnlyList<ProgressRow> Progress,
    IReadOnlyList<TrainSizePoint> TrainSizes,
    IReadOnlyList<MedianPoint> Medians,
    IReadOnlyList<ThresholdPoint> Thresholds,
    IReadOnlyDictionary<ConfidenceMeasure, double> MostChosenThreshold,
    IReadOnlyList<LabelSetRow> LabelSets,
    IReadOnlyList<ClassEdgeCase> EdgeCases,
    IReadOnlyList<ClassQuestion> Questions)
{
    public static ClassBoard Empty { get; } = Of([]);

    /// <summary>The students of <paramref name="classPages"/> (as the store reads them, in the order they began), labelled.</summary>
    public static IReadOnlyList<ClassStudent> Students(IReadOnlyList<StudentPages> classPages, IReadOnlyList<HandInSummary> handIns) =>
        classPages.Select((s, i) => new ClassStudent(
            string.IsNullOrWhiteSpace(s.Name) ? $"student {i + 1}" : s.Name!,
            Workbook.Of(s.Name, s.Pages),
            handIns.Where(h => h.Owner == s.Owner).ToArray())).ToArray();

    public static ClassBoard Of(IReadOnlyList<ClassStudent> students) => new(
        students.Select(s => new ProgressRow(s.Label, [.. Enumerable.Range(1, 4).Select(s.Workbook.Progress)], s.HandIns)).ToArray(),
        TrainSizePoints(students),
        MediansOf(TrainSizePoints(students)),
        ThresholdPoints(students),
        MostChosen(students),
        LabelSetsOf(students),
        EdgeCasesOf(students),
        QuestionsOf(students));

    private static TrainSizePoint[] TrainSizePoints(IReadOnlyList<ClassStudent> students) =>
        [.. students.SelectMany(s => (s.Workbook.LimitedData?.Rows ?? []).Select(r =>
            new TrainSizePoint(s.Label, r.Settings.ModelId, r.TrainSize, r.WeightedF1, LimitedDataExperiment.HasBookTestReviews(r.Settings))))];

    // The median over the students whose rows share the book's test reviews: other subsets are other curves.
    private static MedianPoint[] MediansOf(IReadOnlyList<TrainSizePoint> points) =>
        [.. points.Where(p => p.OnBookReviews)
            .GroupBy(p => (p.ModelId, p.TrainSize))
            .OrderBy(g => g.Key.ModelId, StringComparer.Ordinal).ThenBy(g => g.Key.TrainSize)
            .Select(g => new MedianPoint(g.Key.ModelId, g.Key.TrainSize, Median(g.Select(p => p.WeightedF1)), g.Select(p => p.Student).Distinct().Count()))];

    private static ThresholdPoint[] ThresholdPoints(IReadOnlyList<ClassStudent> students) =>
        [.. students.SelectMany(s => s.Workbook.Confidence is { } work
            ? Enum.GetValues<ConfidenceMeasure>().SelectMany(measure => work.Analyse(measure) is { } result
                ? result.Log.Select(o => new ThresholdPoint(s.Label, measure, o.Threshold, o.Coverage, o.BookAccuracy,
                    measure == work.Inputs.Measure && Math.Round(o.Threshold, 2) == Math.Round(work.Inputs.Threshold, 2)))
                : [])
            : [])];

    private static Dictionary<ConfidenceMeasure, double> MostChosen(IReadOnlyList<ClassStudent> students) =>
        students.Select(s => s.Workbook.Confidence?.Inputs).OfType<ConfidenceInputs>()
            .GroupBy(i => i.Measure)
            .ToDictionary(g => g.Key, g => g.GroupBy(i => Math.Round(i.Threshold, 2)).OrderByDescending(t => t.Count()).ThenBy(t => t.Key).First().Key);

    // Every label set a student looked at (the one shown and their snapshots), judged on the book's eight reviews alone so
    // that sets tried on other reviews compare fairly: fewer of them left uncertain first, then the larger mean margin.
    private static LabelSetRow[] LabelSetsOf(IReadOnlyList<ClassStudent> students) =>
        [.. students
            .SelectMany(s => (s.Workbook.CustomLabels is { } work ? [.. work.Shown is { } shown ? [shown] : Array.Empty<CustomLabelsSnapshot>(), .. work.Snapshots] : Array.Empty<CustomLabelsSnapshot>())
                .Select(snapshot => (s.Label, Snapshot: snapshot)))
            .Select(t => (t.Label, t.Snapshot, Book: t.Snapshot.Choices.Where(c => BookInputs.CustomLabelsReviews.Contains(c.Review)).ToArray()))
            .Where(t => t.Book.Length > 0)
            .GroupBy(t => string.Join('\u001f', t.Snapshot.Labels))
            .Select(g => new LabelSetRow(g.First().Snapshot.Labels, g.Select(t => t.Label).Distinct().Count(),
                g.First().Book.Count(c => c.Certainty != Certainty.Confident), g.First().Book.Average(c => c.Margin), g.First().Snapshot))
            .OrderBy(r => r.UncertainBookReviews).ThenByDescending(r => r.MeanMargin)];

    // The students' own cases only: the book's six are everyone's. One case per text, however it was capitalised or spaced.
    private static ClassEdgeCase[] EdgeCasesOf(IReadOnlyList<ClassStudent> students) =>
        [.. students
            .SelectMany(s => (s.Workbook.FailureAnalysis?.Inputs.EdgeCases ?? []).Select(c => (s.Label, Case: c)))
            .Where(t => t.Case.Expected is 0 or 1 && !TypedText.IsBlank(t.Case.Text) && !FailureAnalysisExperiment.BookEdgeCases.Contains(t.Case))
            .GroupBy(t => ClassSuiteStore.KeyOf(t.Case.Text))
            .Select(g => new ClassEdgeCase(g.First().Case.Category.Trim(), g.First().Case.Text.Trim(), g.First().Case.Expected, g.Select(t => t.Label).Distinct().Count()))
            .OrderByDescending(c => c.Students).ThenBy(c => c.Category, StringComparer.OrdinalIgnoreCase)];

    private static ClassQuestion[] QuestionsOf(IReadOnlyList<ClassStudent> students) =>
        [.. BookTexts.Notebook.Tasks.SelectMany(task => task.AnswerBoxes.Select(box => new ClassQuestion(task.Number, box,
            [.. students
                .Select(s => (s.Label, Text: AnswersOf(s.Workbook, task.Number).ElementAtOrDefault(box.Index)))
                .Where(a => !string.IsNullOrWhiteSpace(a.Text))
                .Select(a => new ClassAnswer(a.Label, a.Text!.Trim()))])))];

    private static IReadOnlyList<string> AnswersOf(Workbook workbook, int task) => task switch
    {
        1 => workbook.CustomLabels?.Answers ?? [],
        2 => workbook.LimitedData?.Answers ?? [],
        3 => workbook.Confidence?.Answers ?? [],
        _ => workbook.FailureAnalysis?.Answers ?? [],
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
