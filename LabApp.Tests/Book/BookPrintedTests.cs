using LabApp.Core.Book;

namespace LabApp.Tests.Book;

/// <summary>The notebook's printed figures come back typed, each with the model that made it.</summary>
public sealed class BookPrintedTests
{
    private static readonly BookPrinted Printed = BookPrinted.Notebook;

    [Fact]
    public void Task_2s_run_at_1000_is_the_books_with_its_test_subset()
    {
        var task2 = Printed.Task2;

        Assert.Equal(0.7709, task2.TaskF1);
        Assert.Equal(0.8699, task2.EmbeddingF1);
        Assert.Equal(0.099, task2.Difference);
        Assert.Equal((1000, 300, 42UL), (task2.TrainSize, task2.TestSize, task2.Seed));
        Assert.Equal("cardiffnlp/twitter-roberta-base-sentiment-latest", task2.TaskModelId);
        Assert.Equal("sentence-transformers/all-mpnet-base-v2", task2.EmbeddingModel);
        Assert.Equal("Embedding approach WINS with 1000 samples!", task2.Verdict);
        Assert.Equal(4, task2.Examples.Count);
        Assert.Equal(("unpretentious , charming , quirky , original", "Positive"), (task2.Examples[0].TextStart, task2.Examples[0].Embedding));
    }

    [Fact]
    public void Task_4_got_174_of_200_right_and_printed_its_errors_until_the_printout_stops()
    {
        var task4 = Printed.Task4;

        Assert.Equal((174, 26, 200), (task4.Correct, task4.Errors, task4.TestSize));
        Assert.Equal((11, 15), (task4.FalsePositives, task4.FalseNegatives));
        Assert.Equal(0.87, task4.Accuracy);
        Assert.Equal(3, task4.HighConfidenceErrors.Count);
        Assert.Equal((0.701, 13), (task4.HighConfidenceErrors[0].Confidence, task4.HighConfidenceErrors[0].Words));
        Assert.Equal("Positive", task4.HighConfidenceErrors[2].True);
        Assert.Null(task4.HighConfidenceErrors[2].Predicted);
        Assert.Null(task4.HighConfidenceErrors[2].Confidence);
    }

    [Fact]
    public void Every_chapter_report_has_its_section_and_model_and_zero_shot_its_labels()
    {
        var chapter = Printed.Chapter;

        Assert.Equal(0.78, chapter.ZeroShot.Report.Accuracy);
        Assert.Equal(["A negative review", "A positive review"], chapter.ZeroShot.Labels);
        Assert.Equal("Is the following sentence positive or negative? ", chapter.FlanT5.Prompt);
        Assert.Equal(
            [0.80, 0.85, 0.84, 0.78, 0.84, 0.91],
            Enum.GetValues<ChapterSection>().Select(s => chapter[s].Accuracy));
        Assert.Equal(
            ["cardiffnlp/twitter-roberta-base-sentiment-latest", "sentence-transformers/all-mpnet-base-v2", "sentence-transformers/all-mpnet-base-v2",
             "sentence-transformers/all-mpnet-base-v2", "google/flan-t5-small", "gpt-3.5-turbo-0125"],
            Enum.GetValues<ChapterSection>().Select(s => chapter[s].Model));
        Assert.All(Enum.GetValues<ChapterSection>(), s => Assert.Equal(s, chapter[s].Section));
        Assert.Equal(8530, chapter.Supervised.Train);
        Assert.Equal((0.76, 0.88, 0.81, 533), (chapter.TaskSpecific.Negative.Precision, chapter.TaskSpecific.Negative.Recall, chapter.TaskSpecific.Negative.F1, chapter.TaskSpecific.Negative.Support));
        Assert.Null(chapter.Llm.Positive.Support);
        Assert.Equal((0.92, 0.91, 0.91), (chapter.Llm.WeightedAverage.Precision, chapter.Llm.WeightedAverage.Recall, chapter.Llm.WeightedAverage.F1));
        Assert.Equal(["Negative Review", "Positive Review"], chapter.Centroids.Classes.Select(c => c.Name));
    }

    [Fact]
    public void A_report_names_its_model_as_the_books_and_says_what_its_run_was_given()
    {
        var chapter = Printed.Chapter;

        Assert.Equal("The book's numbers · model google/flan-t5-small · printed in the notebook", chapter.FlanT5.Report.Caption);
        Assert.Equal("labels \"A negative review\", \"A positive review\"", chapter.SettingOf(ChapterSection.ZeroShot));
        Assert.Equal("prompt \"Is the following sentence positive or negative? \"", chapter.SettingOf(ChapterSection.FlanT5));
        Assert.Equal($"trained on {8530:N0} reviews", chapter.SettingOf(ChapterSection.Supervised));
        Assert.Null(chapter.SettingOf(ChapterSection.TaskSpecific));
    }

    [Fact]
    public void Tasks_1_and_3_printed_margins_come_back_as_printed()
    {
        var five = Printed.Task1;
        Assert.Equal(5, five.Reviews.Count);
        Assert.Equal(("somewhat positive sentiment", 0.32, "extremely positive sentiment", 0.313, 0.007), (five.Reviews[1].First, five.Reviews[1].FirstScore, five.Reviews[1].Second, five.Reviews[1].SecondScore, five.Reviews[1].Margin));
        Assert.Equal("VERY UNCERTAIN - almost tied!", five.Reviews[1].Flag);

        var confidence = Printed.Task3;
        Assert.Equal(0.15, confidence.Threshold);
        Assert.Equal(["A negative movie review", "A positive movie review"], confidence.Labels);
        Assert.Equal([0.092, 0.018, 0.051, 0.053, 0.08, 0.121], confidence.Reviews.Select(r => r.Margin));
        Assert.Equal("UNCERTAIN", confidence.Reviews[0].Status);
        Assert.Null(confidence.Reviews[5].Status);
    }
}
