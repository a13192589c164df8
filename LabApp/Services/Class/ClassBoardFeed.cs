using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;

namespace LabApp.Services;

/// <summary>
/// The class's board, made once per change for every instructor watching (a singleton: the board is the same for all of
/// them, and only a browser holding the instructor's key is shown it). A change to any workbook or the run log schedules
/// one new board at most every <see cref="Interval"/>, read with one query of the store and computed off every circuit;
/// pages hear <see cref="Updated"/> and redraw.
/// </summary>
public sealed class ClassBoardFeed : IDisposable
{
    /// <summary>How often the board is made again at the most while the class works: within a second of any change.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly WorkbookStore _workbooks;
    private readonly ClassSuiteStore _suite;
    private readonly ChecklistEvaluator _evaluator;
    private readonly TimeProvider _time;
    // How many of the lab's classifiers fail each edge case (by its text's key), once read: a case is read once for all.
    private readonly Dictionary<string, (int Failing, int Classifiers)> _verdicts = [];
    private Task? _reading;
    private readonly IDisposable _runs;
    private readonly Lock _gate = new();
    private Task<ClassBoard>? _board;
    private ITimer? _pending;

    private readonly ILogger<ClassBoardFeed> _logger;

    public ClassBoardFeed(WorkbookStore workbooks, ClassSuiteStore suite, ChecklistEvaluator evaluator, RunLog runs, TimeProvider time, ILogger<ClassBoardFeed> logger)
    {
        (_workbooks, _suite, _evaluator, _time, _logger) = (workbooks, suite, evaluator, time, logger);
        _workbooks.Changed += Schedule;
        _suite.Changed += ScheduleSuite;
        _runs = runs.NotifyOnClassChange(() => Schedule(""));
    }

    /// <summary>Raised (on the thread pool) after a new board is ready.</summary>
    public event Action? Updated;

    /// <summary>
    /// The board as it stands: made on first use, then after each change. It fails with a <see cref="StorageException"/>
    /// while the workbook store cannot be read, and is tried again at the next call.
    /// </summary>
    public Task<ClassBoard> BoardAsync()
    {
        lock (_gate)
        {
            if (_board is { IsFaulted: true })
                _board = null;
            return _board ??= Task.Run(Make);
        }
    }

    public void Dispose()
    {
        _workbooks.Changed -= Schedule;
        _suite.Changed -= ScheduleSuite;
        _runs.Dispose();
        lock (_gate)
            _pending?.Dispose();
    }

    /// <summary>Adds the class's edge case to the behavioural tests of every student (<c>/checklist</c>); false when it is there already.</summary>
    public bool AddToSuite(ClassEdgeCase edgeCase) => _suite.Add(edgeCase.Case, _time.GetUtcNow());

    private ClassBoard Make()
    {
        var board = ClassBoard.Of(ClassBoard.Students(_workbooks.LoadClass(), _workbooks.HandIns()));
        var inSuite = _suite.Cases().Select(c => ClassSuiteStore.KeyOf(c.Text)).ToHashSet(StringComparer.Ordinal);
        ReadUnread(board.EdgeCases);
        lock (_gate)
        {
            return board with
            {
                EdgeCases = [.. board.EdgeCases.Select(c => _verdicts.TryGetValue(ClassSuiteStore.KeyOf(c.Text), out var v)
                    ? c with { Failing = v.Failing, Classifiers = v.Classifiers, InSuite = inSuite.Contains(ClassSuiteStore.KeyOf(c.Text)) }
                    : c with { InSuite = inSuite.Contains(ClassSuiteStore.KeyOf(c.Text)) })],
            };
        }
    }

    // The lab's classifiers (on MiniLM, as the checklist's) read the cases no board has read yet, in the background; the
    // board is made again when they are done.
    private void ReadUnread(IReadOnlyList<ClassEdgeCase> cases)
    {
        List<EdgeCase> unread;
        lock (_gate)
        {
            unread = [.. cases.Where(c => !_verdicts.ContainsKey(ClassSuiteStore.KeyOf(c.Text))).Select(c => c.Case)];
            if (unread.Count == 0 || _reading is { IsCompleted: false })
                return;
            _reading = Task.Run(() => ReadAsync(unread));
        }
    }

    private async Task ReadAsync(IReadOnlyList<EdgeCase> cases)
    {
        var suite = ChecklistSuite.WithClassCases(new ChecklistSuite([], [], ChecklistSuite.LargestMaxCases, 42), cases);
        ChecklistEvaluation evaluation;
        try
        {
            evaluation = await _evaluator.EvaluateAsync(new ChecklistInputs(ModelCatalog.MiniLmId, suite));
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
        {
            // The board keeps saying "reading…" for these cases; the next change of the class tries again.
            _logger.LogWarning(e, "The class's edge cases could not be read by the lab's classifiers.");
            return;
        }

        var (report, classifiers) = evaluation;
        var results = report.Tests.Where(t => t.Capability == ChecklistSuite.ClassEdgeCasesCapability).SelectMany(t => t.Cases.Select(c => (Key: ClassSuiteStore.KeyOf(c.Text), c.Passed)));
        lock (_gate)
        {
            foreach (var verdict in results.GroupBy(r => r.Key))
                _verdicts[verdict.Key] = (verdict.Count(r => !r.Passed), classifiers.Count);
        }

        Refresh();
    }

    private void ScheduleSuite() => Schedule("");

    // A burst of saves (a student dragging a slider, thirty students at once) makes one board, not one per save.
    private void Schedule(string owner)
    {
        lock (_gate)
            _pending ??= _time.CreateTimer(_ => Refresh(), null, Interval, Timeout.InfiniteTimeSpan);
    }

    private void Refresh()
    {
        Task<ClassBoard> board;
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
            _board = board = Task.Run(Make);
        }

        board.ContinueWith(_ => Updated?.Invoke(), TaskContinuationOptions.OnlyOnRanToCompletion);
    }
}
