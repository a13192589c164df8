using System.Text.Json;
using LabApp.Core.Book;

namespace LabApp.Tests.Book;

/// <summary>The Medium Tasks' words come from the copy of <c>../shared/book/medium-task-texts.json</c> embedded in LabApp.Core.</summary>
public sealed class BookTextsTests
{
    [Theory]
    [InlineData("medium-task-texts.json")]
    [InlineData("book-printed.json")]
    public void The_embedded_copies_are_the_book_folders_files_byte_for_byte(string name)
    {
        Assert.Contains(name, BookFiles.Names);
        var original = Path.Combine(BookFolder.Path, name);
        // A checkout without the shared folder beside it has only the embedded copy to go by.
        if (!Directory.Exists(BookFolder.Path))
            return;

        Assert.Equal(File.ReadAllBytes(original), BookFiles.Bytes(name));
    }

    [Fact]
    public void Every_task_has_the_files_title_instructions_and_questions()
    {
        using var file = JsonDocument.Parse(BookFiles.Bytes(BookFiles.Texts));
        var tasks = file.RootElement.GetProperty("tasks").EnumerateArray().ToArray();

        Assert.Equal([1, 2, 3, 4], BookTexts.Notebook.Tasks.Select(t => t.Number));
        foreach (var json in tasks)
        {
            var task = BookTexts.Notebook.Task(json.GetProperty("task").GetInt32());
            Assert.Equal(json.GetProperty("title").GetString(), task.Title);
            Assert.Equal(json.GetProperty("about").GetString(), task.About);
            Assert.Equal(json.GetProperty("questions_heading").GetString(), task.QuestionsHeading);
            Assert.Equal(json.GetProperty("instructions").EnumerateArray().Select(e => e.GetString()), task.Instructions.Select(i => i.Text));
            Assert.Equal(json.GetProperty("questions").EnumerateArray().Select(e => e.GetString()), task.Questions);
        }

        Assert.Equal([5, 4, 5, 5], BookTexts.Notebook.Tasks.Select(t => t.Instructions.Count));
        Assert.Equal([3, 3, 3, 3], BookTexts.Notebook.Tasks.Select(t => t.Questions.Count));
        Assert.Equal([1, 2, 3, 4, 5], BookTexts.Notebook.Task(1).Instructions.Select(i => i.Number));
        Assert.Equal("Reflection Questions", BookTexts.Notebook.Task(4).QuestionsHeading);
        Assert.Equal("Medium Task 2: Classifier Performance with Limited Training Data", BookTexts.Notebook.Task(2).Heading);
    }

    [Fact]
    public void Only_task_2_has_the_results_table_only_task_3_the_experiment_log_only_task_4_the_write_up()
    {
        var texts = BookTexts.Notebook;

        var table = Assert.Single(texts.Tasks, t => t.ResultsTable is not null).ResultsTable!;
        Assert.Equal(["Train Size", "Task F1", "Embedding F1", "Winner"], table.Columns);
        Assert.Equal([100, 500, 1000, 2000, 5000], table.TrainSizes);
        Assert.Same(texts.Task(2).ResultsTable, table);

        var log = texts.Task(3).ExperimentLog!;
        Assert.Single(texts.Tasks, t => t.ExperimentLog is not null);
        Assert.Equal(["Threshold", "Coverage", "Accuracy", "Notes"], log.Columns);
        Assert.Equal([0.05, 0.15, 0.3, 0.5], log.Thresholds);

        var writeUp = texts.Task(4).WriteUp!;
        Assert.Single(texts.Tasks, t => t.WriteUp is not null);
        Assert.Equal("TODO: Based on your error analysis, propose improvements", writeUp.Heading);
        Assert.Equal(3, writeUp.Prompts.Count);
        Assert.Equal("Which edge cases failed most?", writeUp.Prompts[1]);
    }

    [Fact]
    public void Task_4s_write_up_prompts_are_answer_boxes_numbered_after_its_questions()
    {
        var boxes = BookTexts.Notebook.Task(4).AnswerBoxes;

        Assert.Equal([0, 1, 2, 3, 4, 5], boxes.Select(b => b.Index));
        Assert.Equal([1, 2, 3, 4, 5, 6], boxes.Select(b => b.Number));
        Assert.All(boxes.Take(3), b => Assert.Equal(BookAnswerKind.Question, b.Kind));
        Assert.All(boxes.Skip(3), b => Assert.Equal(BookAnswerKind.WriteUp, b.Kind));
        Assert.Equal("Which edge cases failed most?", boxes[4].Prompt);
        Assert.Equal(3, BookTexts.Notebook.Task(1).AnswerBoxes.Count);
    }

    [Fact]
    public void Every_instruction_says_where_in_the_lab_it_is_done_and_the_table_has_no_other_entries()
    {
        var instructions = BookTexts.Notebook.Tasks.SelectMany(t => t.Instructions.Select(i => (t.Number, i))).ToArray();

        Assert.All(instructions, x => Assert.False(string.IsNullOrWhiteSpace(x.i.InLab)));
        Assert.Equal(
            instructions.Select(x => (x.Number, x.i.Number)).Order(),
            BookInstructionPlaces.Covered.Order());
        Assert.Equal("Book: 6 levels preset (or Add label)", BookTexts.Notebook.Task(1).Instructions[2].InLab);
        Assert.Contains("Fill the book's table", BookTexts.Notebook.Task(2).Instructions[2].InLab);
        Assert.Throws<ArgumentOutOfRangeException>(() => BookInstructionPlaces.Of(2, 5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void A_task_the_notebook_does_not_have_is_refused(int number) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BookTexts.Notebook.Task(number));
}

/// <summary>The book folder beside the data folder the tests read: <c>../shared/book</c>.</summary>
internal static class BookFolder
{
    public static string Path { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryPaths.SharedData, "..", "book"));
}
