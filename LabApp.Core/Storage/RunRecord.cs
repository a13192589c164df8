using System.Globalization;
using LabApp.Core.Evaluation;

namespace LabApp.Core.Storage;

/// <summary>The numbers a run log row shows for a run: its scores and how many labelled reviews they are over.</summary>
public sealed record RunScores(double Accuracy, double MacroF1, double WeightedF1, int Reviews)
{
    /// <summary>Accuracy and F1 of <paramref name="predicted"/> against <paramref name="truth"/>; all 0 over no reviews, as the book prints it.</summary>
    public static RunScores Of(IReadOnlyList<int> truth, IReadOnlyList<int> predicted) => truth.Count == 0
        ? new(0, 0, 0, 0)
        : new(ClassificationMetrics.Accuracy(truth, predicted),
            ClassificationMetrics.F1(truth, predicted, Average.Macro),
            ClassificationMetrics.F1(truth, predicted, Average.Weighted),
            truth.Count);

    /// <summary>A score as the run log and its exports show it: four decimals, or "—" for a run with nothing to score.</summary>
    public static string Shown(double? score) => score?.ToString("F4", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>A count of reviews as the run log shows it, or "—".</summary>
    public static string Shown(int? reviews) => reviews?.ToString(CultureInfo.InvariantCulture) ?? "—";
}

/// <summary>
/// One run a student made: where, with what (<see cref="Parameters"/>, typed by kind), what it scored (null for a kind
/// with nothing to score, such as a label set over reviews without true labels), its task's own numbers and when.
/// </summary>
public sealed record RunRecord(
    long Id,
    DateTimeOffset Time,
    string Page,
    string Method,
    string ModelId,
    RunParameters Parameters,
    RunHeadline? Headline,
    RunScores? Scores,
    TimeSpan Duration)
{
    /// <summary>Who made the run, anonymised ("student 3"): set only in the class's log, null in a browser's own.</summary>
    public string? Student { get; init; }

    /// <summary>Returned by <see cref="RunLog.Add"/> in place of a run it did not store: this browser logged the same run before.</summary>
    public bool IsEarlier { get; init; }

    public string Kind => Parameters.Kind;

    /// <summary>The parameters and the task's own numbers as the run log shows them: made from the record, never stored.</summary>
    public string Description => Headline is null ? Parameters.Describe() : $"{Parameters.Describe()} {Headline.Describe()}";

    /// <summary>Whether the record mentions <paramref name="text"/> in its page, method, model or description.</summary>
    public bool Mentions(string? text) => string.IsNullOrWhiteSpace(text)
        || new[] { Page, Method, ModelId, Description }.Any(s => s.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));
}
