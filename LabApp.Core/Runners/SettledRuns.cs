using System.Security.Cryptography;
using System.Text;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LabApp.Core.Runners;

/// <summary>A run that finished uncancelled, as a runner hands it to <see cref="SettledRuns"/>: a run log row once it settles.</summary>
/// <param name="Scores">Null for a kind with nothing to score (a label set over reviews without true labels).</param>
public sealed record FinishedRun(string Page, string Method, string ModelId, RunParameters Parameters, RunScores? Scores, TimeSpan Duration)
{
    /// <summary>The task's own numbers, for the kinds that have them.</summary>
    public RunHeadline? Headline { get; init; }

    /// <summary>What decides the numbers beyond the parameters (a student's own reviews): only its digest is kept.</summary>
    public string Inputs { get; init; } = "";

    /// <summary>
    /// Which of its page's results the run is, for a page that shows several side by side (the limited-data table has a
    /// row per size and seed): a newer run replaces only a run of the same page, method and slot.
    /// </summary>
    public string Slot { get; init; } = "";

    /// <summary>A chapter run: its classification report's accuracy, F1s and support are the row's scores.</summary>
    public static FinishedRun Of(string page, RunParameters parameters, ClassificationRun run, TimeSpan duration) =>
        new(page, run.Method, run.ModelId, parameters,
            new RunScores(run.Report.Accuracy, run.Report.MacroAverage.F1, run.Report.WeightedAverage.F1, run.Report.Support), duration);
}

/// <summary>
/// The one way a run reaches the run log, with the one rule for when: every runner hands its finished run to
/// <see cref="Record"/>, and the run is logged once it has settled, that is once no newer run of the same page (and
/// method and slot, see <see cref="FinishedRun.Slot"/>) by the same student replaced it within <see cref="SettleTime"/>.
/// A student typing label descriptions or dragging a threshold leaves one row for what they settled on, not one per
/// pause. Scoped: one per circuit, over that student's <see cref="IRunRecorder"/>; disposing (the circuit ends) records
/// the runs still waiting, since nothing replaced them. A run identical to one this browser logged before (same page, method, model, parameters and
/// inputs) is not logged again, in this tab, another or after a reload: the log keeps a digest of each.
/// </summary>
public sealed class SettledRuns(IRunRecorder recorder, TimeProvider time, ILogger<SettledRuns>? logger = null) : IDisposable
{
    /// <summary>
    /// How long a run must stand unreplaced to be logged. Longer than the gaps in continuous input (a slider sends a
    /// value every few tens of milliseconds; most students pause well under a second between keystrokes, and a page
    /// runs after 100 ms of quiet), so a drag or a word being typed logs once; short enough that a result a student
    /// looked at for a second is logged, and that leaving right after a run rarely loses it. (It replaces two guesses
    /// at the same question: zero-shot's 2 s, which lost label sets shown for a second, and the confidence page's
    /// 300 ms, which logged the pauses of a slow drag.)
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Page, string Method, string Slot), Waiting> _waiting = [];

    /// <summary>
    /// While set, nothing is logged: the student follows the instructor's presentation, and what their page runs then is
    /// the presenter's experiment, not theirs.
    /// </summary>
    public bool IsPaused { get; set; }
    private bool _disposed;

    /// <summary>
    /// Hands <paramref name="run"/> over, stamped with the time it finished. The task ends when the run settled (or the
    /// circuit ended while it waited, see <see cref="Dispose"/>), with the stored record (or the earlier one,
    /// <see cref="RunRecord.IsEarlier"/>, when this browser logged the same run before), or with null when a newer run
    /// replaced it, it was handed over after the circuit ended, or the run log could not take it (<see cref="NotSaved"/>).
    /// It never fails, and runners do not wait for it.
    /// </summary>
    public Task<RunRecord?> Record(FinishedRun run)
    {
        var record = new RunRecord(0, time.GetLocalNow(), run.Page, run.Method, run.ModelId, run.Parameters, run.Headline, run.Scores, run.Duration);
        var waiting = new Waiting(record, IdentityOf(run));
        var key = (run.Page, run.Method, run.Slot);
        lock (_gate)
        {
            if (_disposed || IsPaused)
            {
                waiting.Drop();
                return waiting.Settled.Task;
            }

            if (_waiting.Remove(key, out var replaced))
                replaced.Drop();
            _waiting[key] = waiting;
            // Created under the lock, so the callback (which takes it) always finds the timer set.
            waiting.Timer = time.CreateTimer(_ => Settle(key, waiting), null, SettleTime, Timeout.InfiniteTimeSpan);
        }

        return waiting.Settled.Task;
    }

    /// <summary>
    /// The circuit ends (the tab closed or reloaded, the student went to another site): a run still waiting was shown and
    /// nothing replaced it, so as far as the student is concerned it settled, and leaving within the second must not lose
    /// it. Each (the last of its page, method and slot) is recorded now, off the disposing thread, which a busy log would
    /// otherwise hold for its timeout; runs handed over afterwards are dropped.
    /// </summary>
    public void Dispose()
    {
        Waiting[] left;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            left = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var waiting in left)
            waiting.Timer?.Dispose();
        if (left.Length > 0)
            _ = Task.Run(() => Array.ForEach(left, Store));
    }

    private void Settle((string, string, string) key, Waiting waiting)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(key, out var current) || current != waiting)
                return;
            _waiting.Remove(key);
        }

        waiting.Timer?.Dispose();
        Store(waiting);
    }

    private void Store(Waiting waiting)
    {
        try
        {
            waiting.Settled.TrySetResult(recorder.Add(waiting.Record, waiting.Identity));
        }
        catch (Exception e)
        {
            // On a timer's thread, after the page has shown the result: the server's log gets the reason, the student one
            // line that the run was not saved, and the student's work goes on.
            logger?.LogError(e, "A settled {Page} run could not be logged.", waiting.Record.Page);
            waiting.Settled.TrySetResult(null);
            NotSaved?.Invoke(NotSavedMessage(waiting.Record.Page, e));
        }
    }

    /// <summary>
    /// Raised (on a timer's thread) when a settled run could not be written to the run log: its one line for the student.
    /// The run's result stays on its page; the log is never in the way of an experiment.
    /// </summary>
    public event Action<string>? NotSaved;

    private static string NotSavedMessage(string page, Exception e) =>
        $"This {page} run was not saved in your run log: " + (e is StorageException storage ? storage.Problem switch
        {
            StorageProblem.Busy => "the run log is busy, held by another program on the server.",
            StorageProblem.Full => "the server's disk is full.",
            StorageProblem.Damaged => "the run log's file is damaged.",
            StorageProblem.Missing => "the run log's file is no longer there.",
            _ => "the run log's file cannot be written.",
        } : "the run log cannot be written.") + " Its result stays on the page; tell your instructor if this goes on.";

    // A digest rather than the inputs themselves: a student's long review list is not kept in the log. The headline is
    // left out: it is a result of what the digest holds.
    private static string IdentityOf(FinishedRun run) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\u001f', run.Page, run.Method, run.ModelId, RunJson.Write(run.Parameters), run.Inputs))));

    private sealed class Waiting(RunRecord record, string identity)
    {
        public RunRecord Record { get; } = record;

        public string Identity { get; } = identity;

        public TaskCompletionSource<RunRecord?> Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ITimer? Timer { get; set; }

        public void Drop()
        {
            Timer?.Dispose();
            Settled.TrySetResult(null);
        }
    }
}
