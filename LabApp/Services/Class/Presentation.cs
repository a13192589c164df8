namespace LabApp.Services;

/// <summary>The page the instructor presents: its route, its name for the banner, and its state as the presenter's page saved it.</summary>
public sealed record PresentedPage(string Route, string Title, string Work, long Version);

/// <summary>
/// What the instructor presents to the class (a singleton: the one presented page is the same for everyone; only the
/// presenter's page state is in it, never a student's). The instructor's page hands each change over once
/// (<see cref="Show"/>); every following student's circuit hears <see cref="Changed"/> and applies it on its own thread,
/// so a move costs the server one state change fanned out, and nothing is scored again per follower. With several servers
/// (a shared PostgreSQL database) the <see cref="PresentationRelay"/> carries each change to the others, whose followers
/// hear the same <see cref="Changed"/>.
/// </summary>
public sealed class Presentation
{
    /// <summary>The pages' names as the navigation shows them, for the banner.</summary>
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["/"] = "Overview", ["/data"] = "Data", ["/task-specific"] = "Task-specific model", ["/supervised"] = "Embeddings + classifier",
        ["/zero-shot"] = "Zero-shot", ["/generative"] = "Flan-T5", ["/llm"] = "LLM (chat API)",
        ["/medium/custom-labels"] = "Custom labels", ["/medium/limited-data"] = "Limited data", ["/medium/confidence"] = "Confidence",
        ["/medium/failure-analysis"] = "Failure analysis", ["/checklist"] = "Behavioural tests", ["/map"] = "Embedding map",
    };

    /// <summary>
    /// How long a presentation whose presenting tab went (a reload, a dropped connection, a laptop asleep) waits for the
    /// instructor's browser to come back before it ends. Meanwhile the class keeps following the last page shown, and
    /// the next page that browser opens presents again: a reload of the projector's tab must not send thirty students
    /// back to their own pages to press Follow again.
    /// </summary>
    public static readonly TimeSpan ComeBackWithin = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private readonly PresentationRelay? _relay;
    private readonly TimeProvider _time;
    private long _version;
    private ITimer? _fanOut;
    private bool _movedSince;
    private int _followers;
    // The circuit presenting on this server (its page states), and the instructor's browser it belongs to: kept while
    // that circuit is gone, for the browser's next circuit to take up.
    private object? _presenter;
    private string? _presenterBrowser;
    private ITimer? _gone;

    /// <summary>One server's presentation, fanned out in-process.</summary>
    public Presentation(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The class's presentation across servers: what another server's presenter shows is shown here too.</summary>
    public Presentation(PresentationRelay relay, TimeProvider? time = null)
        : this(time)
    {
        _relay = relay;
        _relay.PageChanged += Heard;
        _relay.FollowersChanged += () => FollowersChanged?.Invoke();
        Heard(relay.Read(), fromElsewhere: false);
    }

    /// <summary>The page presented now, or null when the instructor presents nothing.</summary>
    public PresentedPage? Current { get; private set; }

    /// <summary>How many students follow the presentation now.</summary>
    public int Followers => Volatile.Read(ref _followers) + (_relay?.FollowersElsewhere ?? 0);

    /// <summary>Raised on the presenter's thread after each change: listeners only post the work to their own circuit.</summary>
    public event Action? Changed;

    /// <summary>Raised when a student starts or stops following, for the presenter's count.</summary>
    public event Action? FollowersChanged;

    /// <summary>
    /// Raised when the circuit that presents changes: another of the instructor's tabs took over, the presenting tab went
    /// or came back, or the presentation ended. Rare, so listeners redraw; raised on whichever thread made the change.
    /// </summary>
    public event Action? PresenterChanged;

    /// <summary>Whether <paramref name="circuit"/> (a circuit's page states) presents now.</summary>
    public bool IsPresentedBy(object circuit)
    {
        lock (_gate)
            return _presenter == circuit;
    }

    /// <summary>Whether the presenting tab went and the class waits for <paramref name="browser"/> to present again.</summary>
    public bool WaitsFor(string browser)
    {
        lock (_gate)
            return _presenter is null && _presenterBrowser == browser;
    }

    /// <summary>
    /// <paramref name="circuit"/>, in the instructor's <paramref name="browser"/>, presents from now on; the tab that
    /// presented before (another of the instructor's, or one that went) no longer does. What the class sees changes with
    /// the new presenter's first <see cref="Show"/>.
    /// </summary>
    public void Claim(object circuit, string browser)
    {
        lock (_gate)
        {
            (_presenter, _presenterBrowser) = (circuit, browser);
            _gone?.Dispose();
            _gone = null;
        }

        PresenterChanged?.Invoke();
    }

    /// <summary>
    /// The presentation <paramref name="browser"/> left when its tab went: <paramref name="circuit"/>, that browser's new
    /// one, takes it up. False when there is none waiting for it.
    /// </summary>
    public bool ComeBack(object circuit, string browser)
    {
        lock (_gate)
        {
            if (_presenter is not null || _presenterBrowser != browser)
                return false;
        }

        Claim(circuit, browser);
        return true;
    }

    /// <summary>
    /// <paramref name="circuit"/> went while presenting (its connection dropped, or it ended): the class keeps the page and
    /// follows on, and the presentation ends unless its browser comes back within <see cref="ComeBackWithin"/>.
    /// </summary>
    public void Left(object circuit)
    {
        lock (_gate)
        {
            if (_presenter != circuit)
                return;
            _presenter = null;
            _gone = _time.CreateTimer(_ => EndIfStillGone(), null, ComeBackWithin, Timeout.InfiniteTimeSpan);
        }

        PresenterChanged?.Invoke();
    }

    private void EndIfStillGone()
    {
        lock (_gate)
        {
            if (_presenter is not null || _presenterBrowser is null)
                return;
        }

        Stop();
    }

    /// <summary>The instructor's page <paramref name="route"/> now stands as <paramref name="work"/> (its record, as the workbook stores it).</summary>
    public void Show(string route, string work)
    {
        // Under the lock, so two of the instructor's tabs store and show their changes in one order.
        lock (_gate)
            Current = new(route, Titles.GetValueOrDefault(route, route), work, _relay?.Show(route, work) ?? ++_version);
        Announce();
    }

    /// <summary>
    /// How often the followers hear of the presenter's moves at the most: a drag sends a frame every 16 ms, and each
    /// frame heard is a render on every follower's circuit; the first move is heard at once and the last always.
    /// </summary>
    public static readonly TimeSpan FanOutInterval = TimeSpan.FromMilliseconds(40);

    // Leading and trailing: a move after a quiet spell goes out at once; moves within the interval after it go out as
    // one, the newest, when the interval ends.
    private void Announce()
    {
        lock (_gate)
        {
            if (_fanOut is not null)
            {
                _movedSince = true;
                return;
            }

            _fanOut = _time.CreateTimer(_ => AnnounceHeldBack(), null, FanOutInterval, Timeout.InfiniteTimeSpan);
        }

        Changed?.Invoke();
    }

    private void AnnounceHeldBack()
    {
        lock (_gate)
        {
            if (!_movedSince)
            {
                _fanOut?.Dispose();
                _fanOut = null;
                return;
            }

            _movedSince = false;
            _fanOut?.Change(FanOutInterval, Timeout.InfiniteTimeSpan);
        }

        Changed?.Invoke();
    }

    /// <summary>The instructor stopped presenting, from the presenting tab or another of theirs.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            Current = null;
            (_presenter, _presenterBrowser) = (null, null);
            _gone?.Dispose();
            _gone = null;
            _relay?.Stop();
        }

        Changed?.Invoke();
        PresenterChanged?.Invoke();
    }

    public void Followed()
    {
        var followers = Interlocked.Increment(ref _followers);
        _relay?.Followers(followers);
        FollowersChanged?.Invoke();
    }

    public void Unfollowed()
    {
        var followers = Interlocked.Decrement(ref _followers);
        _relay?.Followers(followers);
        FollowersChanged?.Invoke();
    }

    // A presenter's change, heard from the database: this server's followers hear it as a change made here. Made on another
    // server, it means the instructor presents there now (or stopped), so no tab here presents any more.
    private void Heard((string Route, string Work, long Version)? page, bool fromElsewhere)
    {
        bool presenterGone;
        lock (_gate)
        {
            Current = page is var (route, work, version) ? new(route, Titles.GetValueOrDefault(route, route), work, version) : null;
            presenterGone = fromElsewhere && (_presenter is not null || _presenterBrowser is not null);
            if (presenterGone)
            {
                (_presenter, _presenterBrowser) = (null, null);
                _gone?.Dispose();
                _gone = null;
            }
        }

        Changed?.Invoke();
        if (presenterGone)
            PresenterChanged?.Invoke();
    }
}
