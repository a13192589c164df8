using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabApp.Core.Book;

/// <summary>
/// Every figure the chapter notebook printed, with the model that made it (<c>book-printed.json</c>). The notebook ran
/// all-mpnet-base-v2 for its embeddings; the lab runs all-MiniLM-L6-v2, so these are shown beside the lab's own numbers,
/// as the book's.
/// </summary>
/// <param name="Chapter">The chapter's classification reports, one per section.</param>
/// <param name="Task1">Medium Task 1 with the five sentiment levels: the reviews it printed before its printout stops.</param>
/// <param name="Task2">Medium Task 2's run at 1000 training reviews.</param>
/// <param name="Task3">Medium Task 3's printed margins at its threshold.</param>
/// <param name="Task4">Medium Task 4's failure analysis: 174/200 and the errors it printed.</param>
public sealed record BookPrinted(
    string Source,
    BookChapterReports Chapter,
    PrintedCustomLabels Task1,
    PrintedLimitedData Task2,
    PrintedConfidence Task3,
    PrintedFailureAnalysis Task4)
{
    /// <summary>The notebook's figures, read once from the copy embedded in LabApp.Core.</summary>
    public static BookPrinted Notebook { get; } = Load();

    internal static BookPrinted Load()
    {
        var file = BookFiles.Read<PrintedFile>(BookFiles.Printed);
        var chapter = file.Chapter;
        var zeroShot = chapter.ZeroShot.ToReport(ChapterSection.ZeroShot);
        var flanT5 = chapter.FlanT5.ToReport(ChapterSection.FlanT5);
        return new BookPrinted(
            file.Source,
            new BookChapterReports(
                chapter.TaskSpecific.ToReport(ChapterSection.TaskSpecific),
                chapter.SupervisedLogisticRegression.ToReport(ChapterSection.Supervised),
                chapter.CentroidTip.ToReport(ChapterSection.Centroids),
                new PrintedZeroShot(zeroShot, chapter.ZeroShot.Labels ?? throw Missing("chapter.zero_shot.labels")),
                new PrintedFlanT5(flanT5, chapter.FlanT5.Prompt ?? throw Missing("chapter.flan_t5.prompt")),
                chapter.Chatgpt.ToReport(ChapterSection.Llm)),
            file.Medium.Task1FiveLevels,
            file.Medium.Task2,
            file.Medium.Task3,
            file.Medium.Task4);
    }

    private static JsonException Missing(string path) => new($"{BookFiles.Printed} has no {path}.");

    // The file as it is laid out. A chapter report's extras (train, labels, prompt) belong to one section each, so the
    // public records give them only to theirs.
    private sealed record PrintedFile(string Source, ChapterJson Chapter, MediumJson Medium);

    private sealed record ChapterJson(
        ReportJson TaskSpecific,
        ReportJson SupervisedLogisticRegression,
        ReportJson CentroidTip,
        ReportJson ZeroShot,
        [property: JsonPropertyName("flan_t5")] ReportJson FlanT5,
        [property: JsonPropertyName("chatgpt")] ReportJson Chatgpt);

    private sealed record ReportJson(
        string Model,
        string Split,
        PrintedClassScores Negative,
        PrintedClassScores Positive,
        double Accuracy,
        PrintedAverage MacroAvg,
        PrintedAverage WeightedAvg,
        int? Train = null,
        IReadOnlyList<string>? Labels = null,
        string? Prompt = null)
    {
        public PrintedReport ToReport(ChapterSection section) =>
            new(section, Model, Split, Train, Negative, Positive, Accuracy, MacroAvg, WeightedAvg);
    }

    private sealed record MediumJson(
        [property: JsonPropertyName("task1_5_levels")] PrintedCustomLabels Task1FiveLevels,
        PrintedLimitedData Task2,
        PrintedConfidence Task3,
        PrintedFailureAnalysis Task4);
}

/// <summary>The chapter's sections that printed a classification report, in the notebook's order.</summary>
public enum ChapterSection
{
    /// <summary>"Using a Task-specific Model": cardiffnlp/twitter-roberta-base-sentiment-latest.</summary>
    TaskSpecific,

    /// <summary>"Supervised Classification": embeddings + logistic regression.</summary>
    Supervised,

    /// <summary>The supervised section's tip: the average embedding of each class, no classifier.</summary>
    Centroids,

    /// <summary>"Zero-shot Classification": embeddings of label descriptions.</summary>
    ZeroShot,

    /// <summary>"Encoder-decoder Models": google/flan-t5-small answering a prompt.</summary>
    FlanT5,

    /// <summary>"ChatGPT for Classification": gpt-3.5-turbo-0125.</summary>
    Llm,
}

/// <summary>The chapter's six classification reports, each by name or by <see cref="ChapterSection"/>.</summary>
public sealed record BookChapterReports(
    PrintedReport TaskSpecific,
    PrintedReport Supervised,
    PrintedReport Centroids,
    PrintedZeroShot ZeroShot,
    PrintedFlanT5 FlanT5,
    PrintedReport Llm)
{
    public PrintedReport this[ChapterSection section] => section switch
    {
        ChapterSection.TaskSpecific => TaskSpecific,
        ChapterSection.Supervised => Supervised,
        ChapterSection.Centroids => Centroids,
        ChapterSection.ZeroShot => ZeroShot.Report,
        ChapterSection.FlanT5 => FlanT5.Report,
        ChapterSection.Llm => Llm,
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, null),
    };

    /// <summary>What the section's run was given besides the test split, as one line: its labels, prompt or training size.</summary>
    public string? SettingOf(ChapterSection section) => section switch
    {
        ChapterSection.ZeroShot => "labels " + string.Join(", ", ZeroShot.Labels.Select(l => $"\"{l}\"")),
        ChapterSection.FlanT5 => $"prompt \"{FlanT5.Prompt}\"",
        _ when this[section].Train is { } train => $"trained on {train:N0} reviews",
        _ => null,
    };
}

/// <summary>
/// One of the chapter's scikit-learn classification reports as printed (2 decimals), with the model that made it.
/// </summary>
/// <param name="Split">The split it was scored on, as "test (1066)".</param>
/// <param name="Train">How many reviews it was trained on, where the book says.</param>
public sealed record PrintedReport(
    ChapterSection Section,
    string Model,
    string Split,
    int? Train,
    PrintedClassScores Negative,
    PrintedClassScores Positive,
    double Accuracy,
    PrintedAverage MacroAverage,
    PrintedAverage WeightedAverage)
{
    /// <summary>The report's rows under the notebook's target names.</summary>
    public IReadOnlyList<(string Name, PrintedClassScores Scores)> Classes => [("Negative Review", Negative), ("Positive Review", Positive)];

    /// <summary>The reviews scored, where the book's file keeps both classes' support.</summary>
    public int? Support => Negative.Support + Positive.Support;

    /// <summary>What marks these as the book's, wherever they are shown.</summary>
    public string Caption => $"The book's numbers · model {Model} · printed in the notebook";
}

/// <summary>One class's row of a printed report; the book's file keeps the support only where it copied it.</summary>
public sealed record PrintedClassScores(double Precision, double Recall, double F1, int? Support = null);

/// <summary>A printed report's macro or weighted average.</summary>
public sealed record PrintedAverage(double Precision, double Recall, double F1);

/// <summary>The zero-shot report and the label descriptions it was made with.</summary>
public sealed record PrintedZeroShot(PrintedReport Report, IReadOnlyList<string> Labels);

/// <summary>The Flan-T5 report and the prompt put before every review.</summary>
public sealed record PrintedFlanT5(PrintedReport Report, string Prompt);

/// <summary>Medium Task 1 with five sentiment levels: the reviews the notebook printed with their best two labels.</summary>
public sealed record PrintedCustomLabels(
    string Model,
    [property: JsonPropertyName("printed_reviews")] IReadOnlyList<PrintedLabelChoice> Reviews,
    string Note);

/// <summary>One review of Task 1's printout: its first and second label, their scores, the margin and the flag.</summary>
/// <param name="Review">The review's number in the printout, from 1.</param>
public sealed record PrintedLabelChoice(int Review, string First, double FirstScore, string Second, double SecondScore, double Margin, string Flag);

/// <summary>Medium Task 2's run: the task-specific model against embeddings + logistic regression.</summary>
/// <param name="TaskModel">As the book names it, with where it ran: "cardiffnlp/… (device=-1, CPU)".</param>
/// <param name="Note">Why <see cref="TaskF1"/> holds at every training size on this test subset.</param>
public sealed record PrintedLimitedData(
    string EmbeddingModel,
    string TaskModel,
    int TrainSize,
    int TestSize,
    ulong Seed,
    [property: JsonPropertyName("task_f1")] double TaskF1,
    [property: JsonPropertyName("embedding_f1")] double EmbeddingF1,
    double Difference,
    string Verdict,
    string Note,
    IReadOnlyList<PrintedExamplePrediction> Examples)
{
    /// <summary>The task-specific model's id without the device the book ran it on.</summary>
    public string TaskModelId => TaskModel.Split(' ', 2)[0];
}

/// <summary>One of Task 2's example predictions: the review's start, its true label and the two approaches' labels, as printed.</summary>
public sealed record PrintedExamplePrediction(string TextStart, string True, string Task, string Embedding);

/// <summary>Medium Task 3: the label descriptions, the threshold, and the reviews printed before the printout stops.</summary>
public sealed record PrintedConfidence(
    string Model,
    IReadOnlyList<string> Labels,
    double Threshold,
    [property: JsonPropertyName("printed_reviews")] IReadOnlyList<PrintedConfidenceReview> Reviews,
    string Note);

/// <summary>One review of Task 3's printout; <see cref="Status"/> is missing where the printout stops before it.</summary>
public sealed record PrintedConfidenceReview(int Review, double Top, double Margin, string? Status = null);

/// <summary>Medium Task 4's failure analysis: the counts, and the high-confidence errors printed before the printout stops.</summary>
public sealed record PrintedFailureAnalysis(
    string Model,
    int TrainSize,
    int TestSize,
    ulong Seed,
    int Correct,
    int Errors,
    double Accuracy,
    int FalsePositives,
    int FalseNegatives,
    [property: JsonPropertyName("high_confidence_errors_printed")] IReadOnlyList<PrintedError> HighConfidenceErrors,
    string Note);

/// <summary>One printed high-confidence error; the last is cut off by the printout, so its later fields are missing.</summary>
public sealed record PrintedError(string Text, string True, string? Predicted = null, double? Confidence = null, int? Words = null);
