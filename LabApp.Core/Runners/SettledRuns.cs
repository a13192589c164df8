using LabApp.Core.Evaluation;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>The numbers a run log row shows for a run: its scores and how many labelled reviews they are over.</summary>
public sealed record RunScores(double Accuracy, double MacroF1, double WeightedF1, int Reviews)
{
    /// <summary>A run over reviews without true labels (a student's own label set): there is nothing to score.</summary>
    public static RunScores Unscored { get; } = new(0, 0, 0, 0);

    /// <summary>Accuracy and F1 of <paramref name="predicted"/> against <paramref name="truth"/>; all 0 over no reviews, as the book prints it.</summary>
    public static RunScores Of(IReadOnlyList<int> truth, IReadOnlyList<int> predicted) => truth.Count == 0
        ? Unscored
        : new(ClassificationMetrics.Accuracy(truth, predicted),
            ClassificationMetrics.F1(truth, predicted, Average.Macro),
            ClassificationMetrics.F1(truth, predicted, Average.Weighted),
            truth.Count);
}

/// <summary>A run that finished and was not replaced by a newer one while the student typed or dragged: one row of the run log.</summary>
public sealed record SettledRun(string Page, string Method, string ModelId, string Parameters, RunScores Scores, TimeSpan Duration);

/// <summary>
/// Where one student's settled runs reach their run log (scoped: one per circuit, over that student's
/// <see cref="IRunRecorder"/>). A run identical to one this student recorded before (same page, method, model,
/// parameters and inputs) is not recorded again: coming back to a page, or pressing Run twice, adds no row.
/// </summary>
public sealed class SettledRuns(IRunRecorder recorder, TimeProvider time)
{
    // Enough for a lesson's worth of distinct runs; the oldest is forgotten first, so a student's circuit stays bounded.
    private const int Remembered = 1000;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _recorded = [];
    private readonly Queue<string> _order = new();

    /// <summary>
    /// Records <paramref name="run"/> unless it was recorded already; <paramref name="inputs"/> holds what the parameters
    /// leave out (the reviews' texts). True when a row was added.
    /// </summary>
    public bool Record(SettledRun run, string inputs)
    {
        var identity = string.Join('\u001f', run.Page, run.Method, run.ModelId, run.Parameters, inputs);
        lock (_gate)
        {
            if (!_recorded.Add(identity))
                return false;
            _order.Enqueue(identity);
            if (_order.Count > Remembered)
                _recorded.Remove(_order.Dequeue());
        }

        recorder.Add(new RunRecord(0, time.GetLocalNow(), run.Page, run.Method, run.ModelId, run.Parameters,
            run.Scores.Accuracy, run.Scores.MacroF1, run.Scores.WeightedF1, run.Scores.Reviews, run.Duration));
        return true;
    }
}
