using System.Text.Json.Serialization;

namespace LabApp.Core.Book;

/// <summary>
/// The words of the notebook's four Medium Tasks as it prints them (<c>medium-task-texts.json</c>): for each task its
/// <em>About This Task</em>, numbered instructions, questions, and the tables it asks the student to fill.
/// </summary>
public sealed record BookTexts(string Source, IReadOnlyList<MediumTaskText> Tasks)
{
    /// <summary>The notebook's texts, read once from the copy embedded in LabApp.Core.</summary>
    public static BookTexts Notebook { get; } = Load();

    /// <summary>Medium Task <paramref name="number"/> (1 to 4).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The notebook has no such task.</exception>
    public MediumTaskText Task(int number) =>
        Tasks.FirstOrDefault(t => t.Number == number)
        ?? throw new ArgumentOutOfRangeException(nameof(number), number, $"The notebook's Medium Tasks are numbered 1 to {Tasks.Count}.");

    internal static BookTexts Load()
    {
        var file = BookFiles.Read<TextsFile>(BookFiles.Texts);
        return new BookTexts(file.Source, file.Tasks.Select(t => new MediumTaskText(
            t.Task,
            t.Title,
            t.About,
            t.Instructions.Select((text, i) => new BookInstruction(i + 1, text, BookInstructionPlaces.Of(t.Task, i + 1))).ToArray(),
            t.QuestionsHeading,
            t.Questions,
            t.WriteUp,
            t.ResultsTable,
            t.ExperimentLog)).ToArray());
    }

    // The file as it is laid out; the public records add what the lab knows beside it (where each step is done).
    private sealed record TextsFile(string Source, IReadOnlyList<TaskJson> Tasks);

    private sealed record TaskJson(
        int Task,
        string Title,
        string About,
        IReadOnlyList<string> Instructions,
        string QuestionsHeading,
        IReadOnlyList<string> Questions,
        BookWriteUp? WriteUp = null,
        BookResultsTable? ResultsTable = null,
        BookExperimentLog? ExperimentLog = null);
}

/// <summary>One Medium Task: what the notebook says about it, asks the student to do, and asks them to answer.</summary>
/// <param name="QuestionsHeading">"Questions", or Task 4's "Reflection Questions".</param>
/// <param name="WriteUp">Task 4's closing write-up; null for the other tasks.</param>
/// <param name="ResultsTable">Task 2's results table; null for the other tasks.</param>
/// <param name="ExperimentLog">Task 3's experiment log; null for the other tasks.</param>
public sealed record MediumTaskText(
    int Number,
    string Title,
    string About,
    IReadOnlyList<BookInstruction> Instructions,
    string QuestionsHeading,
    IReadOnlyList<string> Questions,
    BookWriteUp? WriteUp,
    BookResultsTable? ResultsTable,
    BookExperimentLog? ExperimentLog)
{
    /// <summary>"Medium Task 2: Classifier Performance with Limited Training Data".</summary>
    public string Heading => $"Medium Task {Number}: {Title}";

    /// <summary>
    /// Every answer the task asks for, in one numbering: the questions first (index 0 to questions − 1), then the
    /// write-up prompts (index questions onwards); a box's <see cref="BookAnswerBox.Number"/> is its index + 1.
    /// </summary>
    public IReadOnlyList<BookAnswerBox> AnswerBoxes =>
    [
        .. Questions.Select((q, i) => new BookAnswerBox(i, q, BookAnswerKind.Question)),
        .. (WriteUp?.Prompts ?? []).Select((p, i) => new BookAnswerBox(Questions.Count + i, p, BookAnswerKind.WriteUp)),
    ];
}

/// <summary>A numbered instruction (from 1, as the notebook numbers them) and where in the lab it is done.</summary>
/// <param name="InLab">The lab's control or view for this step, e.g. "Book: 6 levels preset".</param>
public sealed record BookInstruction(int Number, string Text, string InLab);

/// <summary>Task 4's closing TODO: a heading and the prompts the student writes about.</summary>
public sealed record BookWriteUp(string Heading, IReadOnlyList<string> Prompts);

/// <summary>Task 2's results table as the book lays it out: its columns and one row per training size.</summary>
public sealed record BookResultsTable(IReadOnlyList<string> Columns, [property: JsonPropertyName("rows")] IReadOnlyList<int> TrainSizes);

/// <summary>Task 3's experiment log as the book lays it out: its columns and one row per confidence threshold.</summary>
public sealed record BookExperimentLog(IReadOnlyList<string> Columns, [property: JsonPropertyName("rows")] IReadOnlyList<double> Thresholds);

public enum BookAnswerKind
{
    Question,
    WriteUp,
}

/// <summary>One answer the student writes: a question or a write-up prompt, at <see cref="Index"/> of the task's answers.</summary>
public sealed record BookAnswerBox(int Index, string Prompt, BookAnswerKind Kind)
{
    /// <summary>The number shown beside it: write-up prompts are numbered on after the questions.</summary>
    public int Number => Index + 1;
}
