using LabApp.Core.Experiments;
using LabApp.Core.Storage;
using LabApp.Services;

namespace LabApp.Tests.Web;

/// <summary>The class's board from its students' saved pages, as the store reads them: no model, no browser.</summary>
public sealed class ClassBoardTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static LimitedDataRow Row(int trainSize, double f1, int testSize = 300) =>
        new(new LimitedDataSettings(trainSize, testSize), f1, f1, f1, TaskSpecificF1: null, []);

    private static StudentPages Student(string owner, string? name, int minute, params (string Page, object Work)[] pages) =>
        new(owner, name, Monday.AddMinutes(minute), pages.ToDictionary(p => p.Page, p => PageStates.Serialize(p.Work)));

    private static LimitedDataWork Task2(params LimitedDataRow[] rows) => new(LimitedDataSettings.Default, "42", rows, [], []);

    [Fact]
    public void Students_are_named_as_they_chose_else_numbered_in_the_order_they_began_with_their_hand_ins()
    {
        var pages = new[] { Student("b", null, 1), Student("a", "Ann Lee", 0), Student("c", " ", 2) }.OrderBy(s => s.Began).ToArray();
        var handIns = new[] { new HandInSummary(7, "a", "Ann Lee", 1, Monday) };

        var students = ClassBoard.Students(pages, handIns);

        Assert.Equal(["Ann Lee", "student 2", "student 3"], students.Select(s => s.Label));
        Assert.Equal([7L], students[0].HandIns.Select(h => h.Id));
        Assert.Empty(students[1].HandIns);
    }

    [Fact]
    public void Task_2s_points_are_every_row_and_the_median_is_over_the_students_on_the_books_test_reviews()
    {
        var students = ClassBoard.Students(
        [
            Student("a", null, 0, (LimitedDataState.Page, Task2(Row(100, 0.60), Row(1000, 0.74)))),
            Student("b", null, 1, (LimitedDataState.Page, Task2(Row(100, 0.64), Row(1000, 0.76)))),
            Student("c", null, 2, (LimitedDataState.Page, Task2(Row(100, 0.70), Row(100, 0.99, testSize: 50)))),
        ], []);

        var board = ClassBoard.Of(students);

        Assert.Equal(6, board.TrainSizes.Count);
        Assert.Equal([(100, 0.64, 3), (1000, 0.75, 2)], board.Medians.Select(m => (m.TrainSize, Math.Round(m.WeightedF1, 12), m.Students)));
        Assert.False(board.TrainSizes.Single(p => p.WeightedF1 == 0.99).OnBookReviews);
    }

    [Fact]
    public void Task_3s_log_rows_are_points_and_the_threshold_most_chosen_per_measure_is_named()
    {
        ConfidenceWork Work(double threshold) => new(ConfidenceInputs.Default with { Threshold = threshold },
            [new ScoredReview("fine", 1, 1, 0.40, 0.30), new ScoredReview("dull", 0, 1, 0.32, 0.30)], ["A negative movie review", "A positive movie review"], [], []);
        var students = ClassBoard.Students(
        [
            Student("a", null, 0, (ConfidenceState.Page, Work(0.05))),
            Student("b", null, 1, (ConfidenceState.Page, Work(0.05))),
            Student("c", null, 2, (ConfidenceState.Page, Work(0.3))),
        ], []);

        var board = ClassBoard.Of(students);

        Assert.Equal(0.05, board.MostChosenThreshold[ConfidenceMeasure.Margin]);
        var a = board.Thresholds.Where(p => p.Student == "student 1" && p.Measure == ConfidenceMeasure.Margin).ToArray();
        // The book's four thresholds and the student's own: at 0.05 the margins 0.10 and 0.02 leave one review predicted, and right.
        Assert.Equal([0.05, 0.15, 0.3, 0.5, 0.05], a.Select(p => p.Threshold));
        Assert.Equal((0.5, 1.0), (a[0].Coverage, a[0].Accuracy));
        Assert.Equal((0.0, 0.0), (a[1].Coverage, a[1].Accuracy));
        Assert.True(a[0].IsChosen);
    }

    [Fact]
    public void Label_sets_are_judged_on_the_books_reviews_alone_fewest_uncertain_first()
    {
        CustomLabelsSnapshot Set(string name, double margin, params string[] labels) => new(name, labels,
        [
            new LabelChoice(BookInputs.CustomLabelsReviews[0], labels[0], 0.5 + margin, labels[1], 0.5, false),
            new LabelChoice(BookInputs.CustomLabelsReviews[1], labels[0], 0.5 + margin, labels[1], 0.5, false),
            new LabelChoice("a review of the student's own", labels[0], 0.51, labels[1], 0.5, false),
        ]);
        var sharp = Set("now", 0.3, "loved it", "hated it");
        var blurred = Set("Book: 5 levels", 0.01, "somewhat positive", "very positive");
        var students = ClassBoard.Students(
        [
            Student("a", null, 0, (CustomLabelsState.Page, new CustomLabelsWork(CustomLabelsInputs.Default, sharp, [blurred], "Book: 5 levels", []))),
            Student("b", null, 1, (CustomLabelsState.Page, new CustomLabelsWork(CustomLabelsInputs.Default, blurred with { Name = "shown" }, [], null, []))),
        ], []);

        var sets = ClassBoard.Of(students).LabelSets;

        Assert.Equal([["loved it", "hated it"], ["somewhat positive", "very positive"]], sets.Select(s => s.Labels));
        Assert.Equal([(0, 1), (2, 2)], sets.Select(s => (s.UncertainBookReviews, s.Students)));
        Assert.Equal(0.3, sets[0].MeanMargin, 12);
    }

    [Fact]
    public void The_classs_own_edge_cases_are_one_per_text_whoever_wrote_them_and_the_books_six_are_left_out()
    {
        FailureAnalysisWork Work(params EdgeCase[] cases) =>
            new(FailureAnalysisInputs.Default with { EdgeCases = [.. FailureAnalysisExperiment.BookEdgeCases, .. cases] }, null, null, []);
        var students = ClassBoard.Students(
        [
            Student("a", null, 0, (FailureAnalysisState.Page, Work(new EdgeCase("Double negative", "Not bad at all.", 1), new EdgeCase("Unfinished", "", 1)))),
            Student("b", null, 1, (FailureAnalysisState.Page, Work(new EdgeCase("Negation", "  not BAD at   all. ", 1), new EdgeCase("Unchosen", "Meh.", -1)))),
        ], []);

        var cases = ClassBoard.Of(students).EdgeCases;

        Assert.Equal([new ClassEdgeCase("Double negative", "Not bad at all.", 1, 2)], cases);
    }

    [Fact]
    public void Each_question_has_the_classs_answers_side_by_side_and_no_empty_ones()
    {
        var students = ClassBoard.Students(
        [
            Student("a", "Ann", 0, (LimitedDataState.Page, Task2() with { Answers = ["At 1000.", "", "No."] })),
            Student("b", null, 1, (LimitedDataState.Page, Task2() with { Answers = ["Never.  "] })),
        ], []);

        var questions = ClassBoard.Of(students).Questions.Where(q => q.Task == 2).ToArray();

        Assert.Equal(3, questions.Length);
        Assert.Equal([new ClassAnswer("Ann", "At 1000."), new ClassAnswer("student 2", "Never.")], questions[0].Answers);
        Assert.Empty(questions[1].Answers);
        Assert.Equal([new ClassAnswer("Ann", "No.")], questions[2].Answers);
    }
}
