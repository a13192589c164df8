using LabApp.Core.Book;
using LabApp.Core.Experiments;

namespace LabApp.Services;

/// <summary>How far a student got with one task of the chapter.</summary>
public enum TaskProgress
{
    NotStarted,
    InProgress,
    Done,
}

/// <summary>
/// A student's workbook: the name they show and the four Medium Tasks as their pages saved them (null where they never
/// opened one), in the book's order. What the workbook page, its export, a hand-in and the class's list read.
/// </summary>
public sealed record Workbook(
    string? Name,
    CustomLabelsWork? CustomLabels,
    LimitedDataWork? LimitedData,
    ConfidenceWork? Confidence,
    FailureAnalysisWork? FailureAnalysis)
{
    /// <summary>The workbook of a student's saved pages (by route), a page that cannot be read counting as not opened.</summary>
    public static Workbook Of(string? name, IReadOnlyDictionary<string, string> pages) => new(
        name,
        Read<CustomLabelsWork>(pages, CustomLabelsState.Page),
        Read<LimitedDataWork>(pages, LimitedDataState.Page),
        Read<ConfidenceWork>(pages, ConfidenceState.Page),
        Read<FailureAnalysisWork>(pages, FailureAnalysisState.Page));

    /// <summary>Task <paramref name="task"/>'s progress: done when its table is filled and every answer the book asks for is written.</summary>
    public TaskProgress Progress(int task) => task switch
    {
        1 => ProgressOf(CustomLabels?.Answers, CustomLabels is { } t1 && t1.Comparison is not null, task),
        2 => ProgressOf(LimitedData?.Answers, LimitedData is { } t2 && LimitedDataExperiment.BookSizes.All(size => t2.Rows.Any(r => r.TrainSize == size)), task),
        3 => ProgressOf(Confidence?.Answers, Confidence is { } t3 && ConfidenceExperiment.LogThresholds.All(t => HasNote(t3, t)), task),
        4 => ProgressOf(FailureAnalysis?.Answers, FailureAnalysis is { Report: { } report } && report.Outcomes.Any(o => !FailureAnalysisExperiment.BookEdgeCases.Contains(o.Case)), task),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "The chapter has Medium Tasks 1 to 4."),
    };

    /// <summary>What done means for task <paramref name="task"/>, for the student who wonders what is missing.</summary>
    public static string DoneMeans(int task) => task switch
    {
        1 => "a before/after comparison (Book: 5 → 6 levels, or a snapshot) and every question answered",
        2 => $"rows for the book's sizes ({string.Join(", ", LimitedDataExperiment.BookSizes)}) and every question answered",
        3 => $"a note for each of the book's thresholds ({string.Join(", ", ConfidenceExperiment.LogThresholds.Select(t => t.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}) under one measure, and every question answered",
        4 => "your own edge case (beyond the book's six) scored, and every question and the write-up answered",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "The chapter has Medium Tasks 1 to 4."),
    };

    private static bool HasNote(ConfidenceWork work, double threshold) =>
        Enum.GetValues<ConfidenceMeasure>().Any(measure => !string.IsNullOrWhiteSpace(work.NoteFor(measure, threshold)));

    private static TaskProgress ProgressOf(IReadOnlyList<string>? answers, bool tableFilled, int task)
    {
        if (answers is null)
            return TaskProgress.NotStarted;
        var asked = BookTexts.Notebook.Task(task).AnswerBoxes.Count;
        var answered = Enumerable.Range(0, asked).All(i => i < answers.Count && !string.IsNullOrWhiteSpace(answers[i]));
        return tableFilled && answered ? TaskProgress.Done : TaskProgress.InProgress;
    }

    private static TWork? Read<TWork>(IReadOnlyDictionary<string, string> pages, string page) where TWork : class =>
        pages.TryGetValue(page, out var json) ? PageStates.Parse<TWork>(json) : null;
}
