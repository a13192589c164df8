namespace LabApp.Core.Book;

/// <summary>
/// Where each of the notebook's numbered instructions is done in the lab: the control or view of the Medium Task's
/// page that stands in for the notebook's cell, TODO or edit. Written by hand against the pages
/// (<c>/medium/custom-labels</c>, <c>/medium/limited-data</c>, <c>/medium/confidence</c>,
/// <c>/medium/failure-analysis</c>), naming their buttons and headings as the student reads them.
/// </summary>
public static class BookInstructionPlaces
{
    private static readonly IReadOnlyDictionary<(int Task, int Instruction), string> Places = new Dictionary<(int, int), string>
    {
        // Medium Task 1, /medium/custom-labels
        [(1, 1)] = "Book's reviews, then the Book: 5 levels preset; the table re-classifies as you type",
        [(1, 2)] = "Category confusion table and the Label × label similarity heatmap",
        [(1, 3)] = "Book: 6 levels preset (or Add label)",
        [(1, 4)] = "Add review, three times",
        [(1, 5)] = "Book: 5 → 6 levels, or Save snapshot and compare",

        // Medium Task 2, /medium/limited-data
        [(2, 1)] = "The page opens with Train on 1,000",
        [(2, 2)] = "Training reviews field or the book's sizes slider",
        [(2, 3)] = "Fill the book's table (100, 500, 1000, 2000, 5000)",
        [(2, 4)] = "Winner column of Your experiment results and the learning-curve chart",

        // Medium Task 3, /medium/confidence
        [(3, 1)] = "Book button; Threshold slider at 0.15",
        [(3, 2)] = "Status column of Per review and the Uncertain cases list",
        [(3, 3)] = "Threshold slider; rows 0.05 and 0.30 of the Experiment log",
        [(3, 4)] = "Uncertainty measure: Max similarity − 0.5",
        [(3, 5)] = "Switch the Uncertainty measure and compare the experiment logs",

        // Medium Task 4, /medium/failure-analysis
        [(4, 1)] = "Runs on opening: Overall performance and Error types",
        [(4, 2)] = "High-confidence errors and Error analysis by text length",
        [(4, 3)] = "Testing edge cases: Add edge case",
        [(4, 4)] = "The book's six edge cases; Edge case accuracy vs Regular test accuracy",
        [(4, 5)] = "The write-up answers under the questions",
    };

    /// <summary>Every instruction the table covers, as (task, instruction number).</summary>
    public static IReadOnlyCollection<(int Task, int Instruction)> Covered => [.. Places.Keys];

    /// <summary>Where instruction <paramref name="instruction"/> (numbered from 1) of Medium Task <paramref name="task"/> is done.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The table has no place for it: the book's texts and this table disagree.</exception>
    public static string Of(int task, int instruction) =>
        Places.TryGetValue((task, instruction), out var place)
            ? place
            : throw new ArgumentOutOfRangeException(nameof(instruction), $"No lab place for instruction {instruction} of Medium Task {task}: add it to {nameof(BookInstructionPlaces)}.");
}
