namespace LabApp.Core;

/// <summary>
/// One piece of work per key, shared by every concurrent caller (a model load, a split's embeddings, a typed text's
/// vector). A failed or cancelled piece is forgotten, so the next caller tries again, e.g. after the files were placed
/// by hand. At most <c>capacity</c> keys are kept: beyond it the least recently used key is forgotten (callers that
/// already hold its task still get the result). A holder of results that must be disposed gives a capacity no smaller
/// than its key space, so nothing it loaded is ever dropped undisposed.
/// </summary>
/// <remarks>
/// Written by hand, not with MemoryCache or BitFaster.Caching: a batch of missing keys must be found and claimed in one
/// step, so that concurrent callers of overlapping texts share one model run, and the bound must be exact for the
/// eviction to be counted; MemoryCache's SizeLimit refuses entries past the limit and compacts in the background, and
/// BitFaster's ConcurrentLru orders by a pseudo-LRU.
/// </remarks>
internal sealed class SharedTasks<TKey, T> where TKey : notnull
{
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries = new();
    private readonly LinkedList<Entry> _recency = new(); // most recently used first

    public SharedTasks(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>The work for <paramref name="key"/>: the one under way or done, else <paramref name="start"/>ed now.</summary>
    public Task<T> GetOrStart(TKey key, Func<Task<T>> start)
    {
        var work = Claim(key, () => new Lazy<Task<T>>(start));
        var task = work.Value;
        if (!task.IsFaulted && !task.IsCanceled)
            return task;
        Forget(key, work);
        return Claim(key, () => new Lazy<Task<T>>(start)).Value;
    }

    /// <summary>
    /// The work for each of <paramref name="keys"/>, in their order: keys with work under way or done share it, and
    /// all the others (or whose work failed) get one piece of work, <paramref name="startMissing"/> called once with
    /// them (each only once) and answering in their order.
    /// </summary>
    public IReadOnlyList<Task<T>> GetOrStartEach(IReadOnlyList<TKey> keys, Func<IReadOnlyList<TKey>, Task<IReadOnlyList<T>>> startMissing)
    {
        var works = new Dictionary<TKey, Lazy<Task<T>>>();
        var missing = new List<TKey>();
        var batch = new Lazy<Task<IReadOnlyList<T>>>(() => startMissing(missing));
        lock (_lock)
        {
            // The keys kept are all used first, so adding the missing ones never pushes out a key of this same call.
            foreach (var key in keys)
            {
                if (!works.ContainsKey(key) && TryUse(key) is { } work)
                    works[key] = work;
            }

            foreach (var key in keys)
            {
                if (works.ContainsKey(key))
                    continue;
                var position = missing.Count;
                missing.Add(key);
                works[key] = Add(key, new Lazy<Task<T>>(async () => (await batch.Value)[position]));
            }
        }

        return keys.Select(key => works[key].Value).ToArray();
    }

    /// <summary>The results that are ready, for disposal.</summary>
    public IEnumerable<T> Completed()
    {
        lock (_lock)
            return _recency.Select(e => e.Work).Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result).ToArray();
    }

    private Lazy<Task<T>> Claim(TKey key, Func<Lazy<Task<T>>> create)
    {
        lock (_lock)
            return TryUse(key) ?? Add(key, create());
    }

    // The key's work, now the most recently used, unless it has none or its work failed (then it is forgotten).
    private Lazy<Task<T>>? TryUse(TKey key)
    {
        if (!_entries.TryGetValue(key, out var node))
            return null;
        if (node.Value.Work is { IsValueCreated: true, Value: { IsFaulted: true } or { IsCanceled: true } })
        {
            Remove(node);
            return null;
        }

        _recency.Remove(node);
        _recency.AddFirst(node);
        return node.Value.Work;
    }

    private Lazy<Task<T>> Add(TKey key, Lazy<Task<T>> work)
    {
        if (_entries.Count == _capacity)
            Remove(_recency.Last!);
        _entries[key] = _recency.AddFirst(new Entry(key, work));
        return work;
    }

    private void Forget(TKey key, Lazy<Task<T>> work)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node) && node.Value.Work == work)
                Remove(node);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _entries.Remove(node.Value.Key);
        _recency.Remove(node);
    }

    private sealed record Entry(TKey Key, Lazy<Task<T>> Work);
}
