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

    private readonly Lock _gate = new();
    private readonly PresentationRelay? _relay;
    private long _version;
    private ITimer? _fanOut;
    private bool _movedSince;
    private int _followers;

    /// <summary>One server's presentation, fanned out in-process.</summary>
    public Presentation()
    {
    }

    /// <summary>The class's presentation across servers: what another server's presenter shows is shown here too.</summary>
    public Presentation(PresentationRelay relay)
    {
        _relay = relay;
        _relay.PageChanged += Heard;
        _relay.FollowersChanged += () => FollowersChanged?.Invoke();
        Heard(relay.Read());
    }

    /// <summary>The page presented now, or null when the instructor presents nothing.</summary>
    public PresentedPage? Current { get; private set; }

    /// <summary>How many students follow the presentation now.</summary>
    public int Followers => Volatile.Read(ref _followers) + (_relay?.FollowersElsewhere ?? 0);

    /// <summary>Raised on the presenter's thread after each change: listeners only post the work to their own circuit.</summary>
    public event Action? Changed;

    /// <summary>Raised when a student starts or stops following, for the presenter's count.</summary>
    public event Action? FollowersChanged;

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

            _fanOut = TimeProvider.System.CreateTimer(_ => AnnounceHeldBack(), null, FanOutInterval, Timeout.InfiniteTimeSpan);
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

    /// <summary>The instructor stopped presenting.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            Current = null;
            _relay?.Stop();
        }

        Changed?.Invoke();
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

    // Another server's presenter changed the page: this server's followers hear it as a change made here.
    private void Heard((string Route, string Work, long Version)? page)
    {
        lock (_gate)
            Current = page is var (route, work, version) ? new(route, Titles.GetValueOrDefault(route, route), work, version) : null;
        Changed?.Invoke();
    }
}
