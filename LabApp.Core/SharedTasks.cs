using System.Collections.Concurrent;

namespace LabApp.Core;

/// <summary>
/// One piece of work per key, shared by every concurrent caller (a model load, a split's embeddings). A failed or
/// cancelled piece is forgotten, so the next caller tries again, e.g. after the files were placed by hand.
/// </summary>
internal sealed class SharedTasks<TKey, T> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<T>>> _tasks = new();

    public Task<T> GetOrStart(TKey key, Func<Task<T>> start)
    {
        var lazy = _tasks.GetOrAdd(key, _ => new Lazy<Task<T>>(start));
        var task = lazy.Value;
        if (!task.IsFaulted && !task.IsCanceled)
            return task;
        _tasks.TryRemove(new KeyValuePair<TKey, Lazy<Task<T>>>(key, lazy));
        return _tasks.GetOrAdd(key, _ => new Lazy<Task<T>>(start)).Value;
    }

    /// <summary>The results that are ready, for disposal.</summary>
    public IEnumerable<T> Completed() =>
        _tasks.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result);
}
