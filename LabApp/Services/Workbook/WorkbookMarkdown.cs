using System.Globalization;
using System.Text;
using LabApp.Core.Book;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Services;

/// <summary>
/// A workbook as one Markdown document, in the book's order: for each Medium Task its progress, the student's inputs,
/// the filled tables as the book lays them out, their notes and their answers beside the book's questions. The workbook
/// page shows it, <c>/workbook/export.md</c> downloads it, and a hand-in keeps it as it was.
/// </summary>
public static class WorkbookMarkdown
{
    public static string Write(Workbook workbook, DateTimeOffset time)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Workbook: {Inline(workbook.Name ?? "a student")}");
        md.AppendLine();
        md.AppendLine($"Text classification on rotten_tomatoes, the chapter's Medium Tasks · {time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        md.AppendLine();
        md.AppendLine("| Task | Progress |");
        md.AppendLine("|---|---|");
        foreach (var task in BookTexts.Notebook.Tasks)
            md.AppendLine($"| {Inline(task.Heading)} | {ProgressText(workbook.Progress(task.Number))} |");
        CustomLabels(md, workbook);
        LimitedData(md, workbook);
        Confidence(md, workbook);
        FailureAnalysis(md, workbook);
        return md.ToString();
    }

    /// <summary>"not started", "in progress", "done".</summary>
    public static string ProgressText(TaskProgress progress) => progress switch
    {
        TaskProgress.NotStarted => "not started",
        TaskProgress.InProgress => "in progress",
        _ => "done",
    };

    private static void CustomLabels(StringBuilder md, Workbook workbook)
    {
        Heading(md, workbook, 1);
        if (workbook.CustomLabels is not { } work)
            return;
        md.AppendLine($"Model: {ModelName(work.Inputs.ModelId)}").AppendLine();
        Numbered(md, "Your reviews", work.Inputs.Reviews);
        Numbered(md, "Your labels", work.Inputs.Labels);
        if (work.Shown is { } shown)
        {
            md.AppendLine($"### Each review's best and second-best label ({shown.Labels.Count} categories)").AppendLine();
            Table(md, ["Review", "1st label", "2nd label", "Margin", "Flag"], shown.Choices.Select(c => new[]
            {
                c.Review, $"{c.BestLabel} ({Fixed(c.BestScore, 3)})", $"{c.SecondLabel} ({Fixed(c.SecondScore, 3)})", Fixed(c.Margin, 3), CertaintyText(c.Certainty),
            }));
        }

        if (work.Comparison is { } comparison)
        {
            md.AppendLine($"### Before and after: \"{Inline(work.ComparedWith!)}\" → now").AppendLine();
            md.AppendLine($"{comparison.SwitchedCount} of the {comparison.Reviews.Count} reviews in both switched, {comparison.SwitchedToAddedCount} to an added label; " +
                $"uncertain or very uncertain: {comparison.UncertainBefore} before, {comparison.UncertainAfter} now.").AppendLine();
            Table(md, ["Review", "Before", "Now", "Margin change"], comparison.Reviews.Select(r => new[]
            {
                r.Review, $"{r.LabelBefore} ({Fixed(r.MarginBefore, 3)})", $"{r.LabelAfter} ({Fixed(r.MarginAfter, 3)})", BookFormat.Signed(r.MarginChange, 3),
            }));
            if (comparison.NewReviews.Count > 0)
                md.AppendLine($"Added since: {string.Join(", ", comparison.NewReviews.Select(r => $"\"{Inline(r)}\""))}.").AppendLine();
        }

        Answers(md, 1, work.Answers);
    }

    private static void LimitedData(StringBuilder md, Workbook workbook)
    {
        Heading(md, workbook, 2);
        if (workbook.LimitedData is not { } work)
            return;
        md.AppendLine("### Your experiment results (weighted F1)").AppendLine();
        if (work.Rows.Any(r => r.TaskComparison?.Source == TaskF1Source.Book))
            md.AppendLine($"Task F1 marked (book's) is the {TaskF1Comparison.Book.Caption}, as the notebook printed it.").AppendLine();
        Table(md, ["Train Size", "Task F1", "Embedding F1", "Difference", "Winner", "Test · seed · model"], work.Rows.Select(row => new[]
        {
            row.TrainSize.ToString(CultureInfo.InvariantCulture),
            row.TaskComparison is { } task ? Fixed(task.F1, 4) + (task.Source == TaskF1Source.Book ? " (book's)" : "") : "—",
            Fixed(row.WeightedF1, 4),
            row.Difference is { } difference ? BookFormat.Signed(difference, 4) : "—",
            row.Winner?.ToString() ?? "—",
            $"{row.TestSize} · seed {row.Seed} · {ModelName(row.Settings.ModelId)}",
        }));
        if (work.BandRows.Count > 0)
        {
            var band = SeedBand.Of(work.BandRows);
            md.AppendLine($"### Weighted F1 over seeds {string.Join(", ", band.Seeds)}").AppendLine();
            Table(md, ["Train Size", "Mean F1", "Sample sd"], band.Points.Select(p => new[]
            {
                p.TrainSize.ToString(CultureInfo.InvariantCulture), Fixed(p.Mean, 4), p.StandardDeviation is { } sd ? Fixed(sd, 4) : "—",
            }));
        }

        Answers(md, 2, work.Answers);
    }

    private static void Confidence(StringBuilder md, Workbook workbook)
    {
        Heading(md, workbook, 3);
        if (workbook.Confidence is not { } work)
            return;
        md.AppendLine($"Model: {ModelName(work.Inputs.ModelId)} · labels \"{Inline(work.Inputs.Labels.ElementAtOrDefault(0) ?? "")}\" / \"{Inline(work.Inputs.Labels.ElementAtOrDefault(1) ?? "")}\" · " +
            $"threshold {Fixed(work.Inputs.Threshold, 2)} on the {MeasureName(work.Inputs.Measure)}").AppendLine();
        Numbered(md, "Your reviews", work.Inputs.Reviews.Select(r => $"{r.Text} ({BookFormat.Sentiment(r.True).ToLowerInvariant()})").ToArray());
        foreach (var measure in Enum.GetValues<ConfidenceMeasure>())
        {
            if (work.Analyse(measure) is not { } result)
                continue;
            md.AppendLine($"### Experiment log ({MeasureName(measure)})").AppendLine();
            Table(md, ["Threshold", "Predicted", "Coverage", "Accuracy", "Notes"], result.Log.Select(o => new[]
            {
                Fixed(o.Threshold, 2), $"{o.Predicted} / {o.Total}", BookFormat.Percent(o.Coverage, 1), BookFormat.Percent(o.BookAccuracy, 1), work.NoteFor(measure, o.Threshold),
            }));
        }

        Answers(md, 3, work.Answers);
    }

    private static void FailureAnalysis(StringBuilder md, Workbook workbook)
    {
        Heading(md, workbook, 4);
        if (workbook.FailureAnalysis is not { } work)
            return;
        md.AppendLine($"Model: {ModelName(work.Inputs.ModelId)}").AppendLine();
        if (work.Summary is { } summary)
        {
            md.AppendLine($"Accuracy {summary.Correct}/{summary.Reviews} ({BookFormat.Percent(summary.Accuracy, 1)}) · false positives {summary.FalsePositives} · " +
                $"false negatives {summary.FalseNegatives} · high-confidence errors (confidence > {Fixed(summary.Cut, 2)}) {summary.HighConfidenceErrors} · " +
                $"average words: errors {Fixed(summary.AverageWordsOfErrors, 1)}, correct {Fixed(summary.AverageWordsOfCorrect, 1)}").AppendLine();
        }

        md.AppendLine("### Edge cases").AppendLine();
        var outcomes = work.Report?.Outcomes ?? [];
        Table(md, ["Category", "Text", "Expected", "Predicted", "Confidence", ""], work.Inputs.EdgeCases.Select((c, i) =>
        {
            var outcome = outcomes.ElementAtOrDefault(i) is { } o && o.Case == c ? o : null;
            return new[]
            {
                c.Category, c.Text, c.Expected is 0 or 1 ? BookFormat.Sentiment(c.Expected) : "—",
                outcome is null ? "—" : BookFormat.Sentiment(outcome.Predicted), outcome is null ? "—" : Fixed(outcome.Confidence, 3),
                outcome is null ? "" : BookFormat.Mark(outcome.IsCorrect),
            };
        }));
        if (work.Report is { } report)
            md.AppendLine($"Edge case accuracy {report.Correct}/{report.Outcomes.Count} ({BookFormat.Percent(report.Accuracy, 1)}) against {BookFormat.Percent(report.RegularAccuracy, 1)} on the test reviews.").AppendLine();
        Answers(md, 4, work.Answers);
    }

    private static void Heading(StringBuilder md, Workbook workbook, int task)
    {
        md.AppendLine();
        md.AppendLine($"## {Inline(BookTexts.Notebook.Task(task).Heading)}");
        md.AppendLine();
        var progress = workbook.Progress(task);
        md.AppendLine(progress == TaskProgress.Done ? "**Done.**" : $"**{char.ToUpperInvariant(ProgressText(progress)[0])}{ProgressText(progress)[1..]}.** Done means {Workbook.DoneMeans(task)}.");
        md.AppendLine();
    }

    private static void Answers(StringBuilder md, int task, IReadOnlyList<string> answers)
    {
        var book = BookTexts.Notebook.Task(task);
        md.AppendLine($"### {book.QuestionsHeading}").AppendLine();
        foreach (var box in book.AnswerBoxes)
        {
            md.AppendLine($"**{box.Number}. {Inline(box.Prompt)}**").AppendLine();
            var answer = answers.ElementAtOrDefault(box.Index);
            md.AppendLine(string.IsNullOrWhiteSpace(answer) ? "_Not answered yet._" : answer.Trim()).AppendLine();
        }
    }

    private static void Numbered(StringBuilder md, string heading, IReadOnlyList<string> items)
    {
        md.AppendLine($"{heading}:").AppendLine();
        for (var i = 0; i < items.Count; i++)
            md.AppendLine($"{i + 1}. {Inline(items[i])}");
        md.AppendLine();
    }

    private static void Table(StringBuilder md, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.AppendLine($"| {string.Join(" | ", columns.Select(Cell))} |");
        md.AppendLine($"|{string.Concat(columns.Select(_ => "---|"))}");
        foreach (var row in rows)
            md.AppendLine($"| {string.Join(" | ", row.Select(Cell))} |");
        md.AppendLine();
    }

    // A student's text in a table cell or a heading: one line, and no pipe that would end the cell.
    private static string Cell(string text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Inline(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Fixed(double x, int digits) => BookFormat.Fixed(x, digits);

    private static string ModelName(string modelId) => ModelCatalog.ShortName(ModelCatalog.Find(modelId));

    private static string MeasureName(ConfidenceMeasure measure) => measure == ConfidenceMeasure.Margin ? "margin" : "max similarity − 0.5";

    private static string CertaintyText(Certainty certainty) => certainty switch
    {
        Certainty.VeryUncertain => "very uncertain",
        Certainty.Uncertain => "uncertain",
        _ => "confident",
    };
}
