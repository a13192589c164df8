namespace LabApp.Core;

/// <summary>
/// The progress of one piece of work shared by several callers (a model download, a split's embedding), told to every
/// caller following it: at most every <see cref="Interval"/> (a page re-renders on each report, for every student
/// waiting), the reports <c>alwaysTell</c> picks whatever the time, and the latest one at once to a caller who joins.
/// </summary>
/// <param name="alwaysTell">Whether a report must go out now, given the one before it (null for the first).</param>
internal sealed class SharedProgress<T>(TimeProvider time, Func<T, T?, bool> alwaysTell) : IProgress<T> where T : struct
{
    /// <summary>Four reports a second: a bar still moves smoothly, and thirty pages are not re-rendered at every batch.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private readonly HashSet<IProgress<T>> _followers = [];
    private T? _latest;
    private long _lastTold;

    /// <summary>Starts telling <paramref name="follower"/>, first the latest report if there was one.</summary>
    public void Follow(IProgress<T> follower)
    {
        lock (_lock)
        {
            _followers.Add(follower);
            if (_latest is { } latest)
                follower.Report(latest);
        }
    }

    /// <summary>Stops telling <paramref name="follower"/>; how many follow still.</summary>
    public int Unfollow(IProgress<T> follower)
    {
        lock (_lock)
        {
            _followers.Remove(follower);
            return _followers.Count;
        }
    }

    public void Report(T value)
    {
        IProgress<T>[] followers;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var previous = _latest;
            _latest = value;
            if (!alwaysTell(value, previous) && time.GetElapsedTime(_lastTold, now) < Interval)
                return;
            _lastTold = now;
            followers = [.. _followers];
        }

        foreach (var follower in followers)
            follower.Report(value);
    }
}
