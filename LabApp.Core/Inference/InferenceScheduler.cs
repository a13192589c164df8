namespace LabApp.Core.Inference;

/// <summary>Who waits for a model run: a student at their keyboard (a typed text, a label edit), or a bulk job.</summary>
public enum RunPriority
{
    /// <summary>A few texts a student just typed: runs before any bulk run that has not started yet.</summary>
    Interactive,

    /// <summary>A split's embeddings, a test run of a classifier: one batch per run, so interactive runs slip in between.</summary>
    Bulk,
}

/// <summary>
/// The one queue for every ONNX Runtime run of the lab (embedders, the sentiment model, Flan-T5): at most
/// <see cref="ConcurrentRuns"/> at once, each on <see cref="InferenceDevice.ThreadsPerRun"/> threads, so the runs never
/// ask for more threads than there are cores. Interactive runs go first; bulk jobs run one batch at a time and queue
/// again for the next, so a student's label edit waits for at most the one bulk batch that is running.
/// </summary>
/// <remarks>
/// With four or more slots one is kept for interactive runs (bulk runs take at most <see cref="BulkRuns"/>), so a class
/// preparing embeddings never keeps a typed text waiting at all; with fewer, a bulk job may use every core and a typed
/// text waits for the first of its batches to end. A run that has started is not interrupted; cancelling a caller who
/// still waits takes only that caller out of the queue.
/// </remarks>
public sealed class InferenceScheduler
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _interactive = new();
    private readonly LinkedList<TaskCompletionSource> _bulk = new();
    private int _running;
    private int _runningBulk;

    public InferenceScheduler(int concurrentRuns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentRuns, 1);
        ConcurrentRuns = concurrentRuns;
        BulkRuns = concurrentRuns >= 4 ? concurrentRuns - 1 : concurrentRuns;
    }

    /// <summary>The scheduler for <paramref name="device"/>: as many slots as its cores hold runs.</summary>
    public static InferenceScheduler For(InferenceDevice device) => new(device.ConcurrentRuns);

    /// <summary>How many runs go at once at most.</summary>
    public int ConcurrentRuns { get; }

    /// <summary>How many of them may be bulk runs.</summary>
    public int BulkRuns { get; }

    /// <summary>
    /// Runs <paramref name="run"/> on the thread pool once a slot is free for <paramref name="priority"/>; a caller who
    /// cancels while waiting leaves the queue and no one else's place changes.
    /// </summary>
    public async Task<T> RunAsync<T>(RunPriority priority, Func<T> run, CancellationToken cancellationToken = default)
    {
        await EnterAsync(priority, cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(run, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Leave(priority);
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public Task RunAsync(RunPriority priority, Action run, CancellationToken cancellationToken = default) =>
        RunAsync(priority, () =>
        {
            run();
            return true;
        }, cancellationToken);

    /// <summary>
    /// A bulk job: each of <paramref name="batches"/> (rows of the caller's texts) one bulk run, up to
    /// <see cref="BulkRuns"/> of them at once, each queueing anew so interactive runs slip in between.
    /// <paramref name="progress"/> counts the rows done, batch after batch in their order.
    /// </summary>
    public async Task RunBulkAsync(IEnumerable<int[]> batches, Action<int[]> run, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var all = batches.ToArray();
        var finished = new bool[all.Length];
        var told = 0;
        var done = 0;
        var telling = new Lock();
        var options = new ParallelOptions { MaxDegreeOfParallelism = BulkRuns, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, all.Length), options, async (index, token) =>
        {
            await RunAsync(RunPriority.Bulk, () => run(all[index]), token).ConfigureAwait(false);
            lock (telling)
            {
                finished[index] = true;
                for (; told < all.Length && finished[told]; told++)
                {
                    done += all[told].Length;
                    progress?.Report(done);
                }
            }
        }).ConfigureAwait(false);
    }

    private Task EnterAsync(RunPriority priority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (CanStart(priority))
            {
                Start(priority);
                return Task.CompletedTask;
            }

            var queue = priority == RunPriority.Interactive ? _interactive : _bulk;
            node = queue.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Abandon(node, cancellationToken));
            node.Value.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }
        return node.Value.Task;
    }

    // Bulk runs also wait while an interactive caller does: a slot that frees up is the interactive caller's.
    private bool CanStart(RunPriority priority) => priority == RunPriority.Interactive
        ? _running < ConcurrentRuns
        : _running < ConcurrentRuns && _runningBulk < BulkRuns && _interactive.Count == 0;

    private void Start(RunPriority priority)
    {
        _running++;
        if (priority == RunPriority.Bulk)
            _runningBulk++;
    }

    private void Leave(RunPriority priority)
    {
        lock (_lock)
        {
            _running--;
            if (priority == RunPriority.Bulk)
                _runningBulk--;
            StartWaiting(_interactive, RunPriority.Interactive);
            StartWaiting(_bulk, RunPriority.Bulk);
        }
    }

    private void StartWaiting(LinkedList<TaskCompletionSource> queue, RunPriority priority)
    {
        while (queue.First is { } first && CanStart(priority))
        {
            queue.RemoveFirst();
            Start(priority);
            first.Value.SetResult();
        }
    }

    private void Abandon(LinkedListNode<TaskCompletionSource> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // A waiter already started owns its slot; RunAsync gives it back.
            if (node.List is null)
                return;
            node.List.Remove(node);
            // The bulk callers behind a cancelled interactive one may now start.
            StartWaiting(_bulk, RunPriority.Bulk);
        }
        node.Value.SetCanceled(cancellationToken);
    }
}
