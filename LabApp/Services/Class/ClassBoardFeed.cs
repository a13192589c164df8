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
    private readonly TimeProvider _time;
    private readonly IDisposable _runs;
    private readonly Lock _gate = new();
    private Task<ClassBoard>? _board;
    private ITimer? _pending;

    public ClassBoardFeed(WorkbookStore workbooks, RunLog runs, TimeProvider time)
    {
        (_workbooks, _time) = (workbooks, time);
        _workbooks.Changed += Schedule;
        _runs = runs.NotifyOnClassChange(() => Schedule(""));
    }

    /// <summary>Raised (on the thread pool) after a new board is ready.</summary>
    public event Action? Updated;

    /// <summary>The board as it stands: made on first use, then after each change.</summary>
    public Task<ClassBoard> BoardAsync()
    {
        lock (_gate)
            return _board ??= Task.Run(Make);
    }

    public void Dispose()
    {
        _workbooks.Changed -= Schedule;
        _runs.Dispose();
        lock (_gate)
            _pending?.Dispose();
    }

    private ClassBoard Make() => ClassBoard.Of(ClassBoard.Students(_workbooks.LoadClass(), _workbooks.HandIns()));

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
