using System.Text;
using System.Text.Json.Serialization;
using LabApp.Core.Experiments;
using static LabApp.Core.Experiments.BookFormat;

namespace LabApp.Headless;

/// <summary>
/// What <c>run limited-data</c> prints: for each training size the notebook's Medium Task 2 cell as it prints it, then
/// its results table filled; or, with <c>--json</c>, the rows.
/// </summary>
internal static class LimitedDataPrintout
{
    /// <param name="missing">What to say in place of the task-specific model while it is not on this machine.</param>
    public static string Text(IReadOnlyList<LimitedDataRow> rows, string missing)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
            Cell(text, row, missing);
        text.Append('\n').AppendBanner("YOUR EXPERIMENT RESULTS");
        text.Append("| Train Size | Task F1 | Embedding F1 | Winner      |\n");
        text.Append("|------------|---------|--------------|-------------|\n");
        foreach (var row in rows)
        {
            var task = row.TaskComparison is { } compared ? Fixed(compared.F1, 4) + (compared.Source == TaskF1Source.Book ? "*" : "") : "—";
            text.Append($"| {row.TrainSize,-10} | {task,-7} | {Fixed(row.WeightedF1, 4)}       | {row.Winner?.ToString() ?? "—",-11} |\n");
        }

        if (rows.Any(r => r.TaskComparison?.Source == TaskF1Source.Book))
            text.Append($"* {TaskF1Comparison.Book.Caption}: the model is not on this machine, so the book's printed figure is the comparison.\n");
        return text.ToString();
    }

    public static Json JsonOf(IReadOnlyList<LimitedDataRow> rows, LimitedDataSettings settings) => new(
        settings.TestSize,
        settings.Seed,
        rows.Select(r => new RowJson(r.TrainSize, r.ComparedTaskF1, SourceName(r.TaskComparison), r.WeightedF1, r.Winner?.ToString())).ToArray());

    // Whose Task F1 a row compares with: the lab's own run ("lab"), the book's printed figure ("book"), or none.
    private static string? SourceName(TaskF1Comparison? comparison) => comparison?.Source switch
    {
        TaskF1Source.Lab => "lab",
        TaskF1Source.Book => "book",
        _ => null,
    };

    private static void Cell(StringBuilder text, LimitedDataRow row, string missing)
    {
        text.AppendBanner($"EXPERIMENT: Training Size = {row.TrainSize}");
        text.Append("\n[1/2] Testing Task-Specific Model...\n");
        text.Append("Note: This model doesn't use our training data - it's already trained!\n");
        text.Append(row.TaskSpecificF1 is { } task ? $"✓ Task-Specific Model F1: {Fixed(task, 4)}\n" : $"✗ {missing}\n");
        if (row.TaskComparison is { Source: TaskF1Source.Book } book)
            text.Append($"  Compared with the {book.Caption}: {Fixed(book.F1, 4)}\n");
        text.Append($"\n[2/2] Training Embedding Classifier on {row.TrainSize} samples...\n");
        text.Append($"✓ Embedding Classifier F1: {Fixed(row.WeightedF1, 4)}\n");

        text.Append('\n').AppendBanner("RESULTS SUMMARY");
        text.Append($"Training samples used: {row.TrainSize}\n");
        text.Append($"\nTask-Specific (pre-trained):  F1 = {(row.ComparedTaskF1 is { } f1 ? Fixed(f1, 4) : "—")}{(row.TaskComparison?.Source == TaskF1Source.Book ? " (the book's)" : "")}\n");
        text.Append($"Embedding + Classifier:       F1 = {Fixed(row.WeightedF1, 4)}\n");
        if (row.Difference is { } difference)
            text.Append($"Difference:                       {Signed(difference, 4)}\n");
        if (row.VerdictText is { } verdict)
            text.Append($"\n→ {verdict}\n");

        text.Append('\n').AppendBanner($"EXAMPLE PREDICTIONS (first {LimitedDataExperiment.ExampleCount} test samples)");
        foreach (var (example, i) in row.FirstTestReviews.Select((e, i) => (e, i)))
        {
            text.Append($"\n{i + 1}. '{Head(example.Text, 60)}...'\n");
            text.Append($"   True: {Sentiment(example.True)}\n");
            text.Append(example is { TaskSpecific: { } predicted, TaskSpecificIsCorrect: { } right }
                ? $"   Task-Specific: {Sentiment(predicted)} {Mark(right)}\n"
                : "   Task-Specific: —\n");
            text.Append($"   Embedding:     {Sentiment(example.Predicted)} {Mark(example.IsCorrect)}\n");
        }

        text.Append('\n');
    }

    internal sealed record Json(
        [property: JsonPropertyName("test_size")] int TestSize,
        [property: JsonPropertyName("seed")] ulong Seed,
        [property: JsonPropertyName("rows")] IReadOnlyList<RowJson> Rows);

    internal sealed record RowJson(
        [property: JsonPropertyName("train_size")] int TrainSize,
        [property: JsonPropertyName("task_f1")] double? TaskF1,
        [property: JsonPropertyName("task_f1_source")] string? TaskF1Source,
        [property: JsonPropertyName("embedding_f1")] double EmbeddingF1,
        [property: JsonPropertyName("winner")] string? Winner);
}
