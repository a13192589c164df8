using LabApp.Core.Book;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Services;

namespace LabApp.Tests.Web;

/// <summary>The workbook as its page, export and hand-ins read it: from the pages' saved records, without a model.</summary>
public sealed class WorkbookDocumentTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);

    private static LimitedDataRow Row(int trainSize, double f1) =>
        new(new LimitedDataSettings(trainSize), f1, f1 - 0.01, f1 + 0.01, TaskSpecificF1: null, [new TestReviewPrediction("a quiet , moving film", 1, 1, 0.91)]);

    private static string[] AnswersOf(int task, string text) => BookTexts.Notebook.Task(task).AnswerBoxes.Select(_ => text).ToArray();

    private static LimitedDataWork FilledTask2(string[] answers) =>
        new(LimitedDataSettings.Default, "42, 0", LimitedDataExperiment.BookSizes.Select((size, i) => Row(size, 0.6 + i * 0.04)).ToArray(), [], answers);

    [Fact]
    public void Each_pages_record_survives_the_workbooks_json_whole()
    {
        var confidence = new ConfidenceWork(ConfidenceInputs.Default, [new ScoredReview("Mediocre at best", 0, 0, 0.31, 0.25)], ["A negative movie review", "A positive movie review"],
            [new ConfidenceNote(ConfidenceMeasure.Margin, 0.05, "Too permissive")], ["They hedge."]);
        var customLabels = new CustomLabelsWork(CustomLabelsInputs.Default, new CustomLabelsSnapshot("shown", BookInputs.FiveLevels, [new LabelChoice("Mediocre at best", "neutral sentiment", 0.4, "somewhat negative sentiment", 0.38, false)]),
            [], null, ["Short ones."]);
        var failure = new FailureAnalysisWork(FailureAnalysisInputs.Default, new FailureAnalysisSummary(200, 146, 27, 27, 0.7, 16, 19.3, 21.9),
            new EdgeCaseReport([new EdgeCaseOutcome(new EdgeCase("Double negative", "Not bad at all", 1), 0, 0.81)], 0.73), ["Negation."]);

        var task2 = RoundTrip(FilledTask2(["Near 1000."]));
        var task3 = RoundTrip(confidence);
        var task1 = RoundTrip(customLabels);
        var task4 = RoundTrip(failure);

        Assert.Equal(LimitedDataExperiment.BookSizes, task2.Rows.Select(r => r.TrainSize));
        Assert.Equal(0.7709, task2.Rows[0].ComparedTaskF1);
        Assert.Equal(0.91, task2.Rows[0].FirstTestReviews[0].Confidence);
        Assert.Equal("Too permissive", task3.NoteFor(ConfidenceMeasure.Margin, 0.05));
        Assert.Equal(0.06, task3.Analyse(ConfidenceMeasure.Margin)!.Reviews[0].Confidence, 12);
        Assert.Equal(0.02, task1.Shown!.Choices[0].Margin, 12);
        Assert.Equal(Certainty.VeryUncertain, task1.Shown.Choices[0].Certainty);
        Assert.Equal(failure.Report!.Outcomes, task4.Report!.Outcomes);
        Assert.Equal(0.73, task4.Summary!.Accuracy);
    }

    [Fact]
    public void A_task_is_done_when_its_table_is_filled_and_every_question_answered()
    {
        var everyAnswer = AnswersOf(2, "An answer.");
        var oneMissing = everyAnswer.Select((a, i) => i == 1 ? " " : a).ToArray();

        Assert.Equal(TaskProgress.NotStarted, new Workbook(null, null, null, null, null).Progress(2));
        Assert.Equal(TaskProgress.Done, new Workbook(null, null, FilledTask2(everyAnswer), null, null).Progress(2));
        Assert.Equal(TaskProgress.InProgress, new Workbook(null, null, FilledTask2(oneMissing), null, null).Progress(2));
        var fourSizes = FilledTask2(everyAnswer) with { Rows = FilledTask2(everyAnswer).Rows.Skip(1).ToArray() };
        Assert.Equal(TaskProgress.InProgress, new Workbook(null, null, fourSizes, null, null).Progress(2));
    }

    [Fact]
    public void Task_4_is_done_only_with_a_case_of_the_students_own_and_the_write_up()
    {
        var bookOnly = new EdgeCaseReport(FailureAnalysisExperiment.BookEdgeCases.Select(c => new EdgeCaseOutcome(c, c.Expected, 0.9)).ToArray(), 0.73);
        var own = new EdgeCaseReport([.. bookOnly.Outcomes, new EdgeCaseOutcome(new EdgeCase("Double negative", "Not bad at all", 1), 1, 0.6)], 0.73);
        FailureAnalysisWork Work(EdgeCaseReport report, string[] answers) => new(FailureAnalysisInputs.Default, null, report, answers);
        var all = AnswersOf(4, "Yes.");

        // Three Reflection Questions and three write-up prompts.
        Assert.Equal(6, all.Length);
        Assert.Equal(TaskProgress.InProgress, new Workbook(null, null, null, null, Work(bookOnly, all)).Progress(4));
        Assert.Equal(TaskProgress.Done, new Workbook(null, null, null, null, Work(own, all)).Progress(4));
        Assert.Equal(TaskProgress.InProgress, new Workbook(null, null, null, null, Work(own, all[..^1])).Progress(4));
    }

    [Fact]
    public void The_markdown_holds_the_books_table_the_answers_under_their_questions_and_keeps_a_students_pipes_in_their_cell()
    {
        var answers = AnswersOf(2, "");
        answers[0] = "Around **1000** reviews.";
        var workbook = new Workbook("Ann | Lee", null, FilledTask2(answers), null, null);

        var markdown = WorkbookMarkdown.Write(workbook, Monday);

        Assert.StartsWith("# Workbook: Ann | Lee\n", markdown.ReplaceLineEndings("\n"));
        Assert.Contains("2026-12-07 09:30 UTC", markdown);
        Assert.Contains("| Medium Task 2: Classifier Performance with Limited Training Data | in progress |", markdown);
        Assert.Contains("| Medium Task 1: Multi-Class Sentiment Classifier with Custom Categories | not started |", markdown);
        Assert.Contains("| Train Size | Task F1 | Embedding F1 | Difference | Winner | Test · seed · model |", markdown);
        Assert.Contains("| 100 | 0.7709 (book's) | 0.6000 | -0.1709 | Task | 300 · seed 42 · minilm |", markdown);
        Assert.Contains("| 5000 | 0.7709 (book's) | 0.7600 | -0.0109 | Task | 300 · seed 42 · minilm |", markdown);
        Assert.Contains($"**1. {BookTexts.Notebook.Task(2).Questions[0]}**\n\nAround **1000** reviews.", markdown.ReplaceLineEndings("\n"));
        Assert.Contains($"**2. {BookTexts.Notebook.Task(2).Questions[1]}**\n\n_Not answered yet._", markdown.ReplaceLineEndings("\n"));

        var edge = new FailureAnalysisWork(FailureAnalysisInputs.Default with { EdgeCases = [new EdgeCase("Pipes", "good | bad\nreally", 0)] }, null, null, []);
        Assert.Contains("| Pipes | good \\| bad really | Negative | — | — |  |", WorkbookMarkdown.Write(new Workbook(null, null, null, null, edge), Monday));
    }

    [Fact]
    public void What_a_student_typed_never_becomes_markup_of_its_own()
    {
        var html = WorkbookHtml.Render("<script>alert(1)</script>\n\n[click](javascript:alert(1)) [ok](https://example.org/a) ![x](data:text/html,hi)\n\n| a |\n|---|\n| <b>b</b> |");

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("data:text", html);
        Assert.Contains("<a href=\"https://example.org/a\">ok</a>", html);
        Assert.Contains("<td>&lt;b&gt;b&lt;/b&gt;</td>", html);
    }

    private static T RoundTrip<T>(T work) where T : class =>
        PageStates.Parse<T>(PageStates.Serialize(work))
        ?? throw new InvalidOperationException($"{typeof(T).Name} did not come back.");
}
