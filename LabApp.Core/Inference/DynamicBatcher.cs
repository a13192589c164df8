namespace LabApp.Core.Inference;

/// <summary>
/// Small interactive requests of several students run as one model run, as Triton's dynamic batcher does: the first
/// request waits at most <c>maxDelay</c> for others (less once <c>maxBatch</c> items are waiting), then the batch
/// queues for an interactive slot of the <see cref="InferenceScheduler"/>, and every request still waiting when the
/// slot is granted joins it, up to <c>maxBatch</c> items. Each caller gets its own items' results, in its order.
/// </summary>
/// <remarks>
/// One run of 20 texts costs about what one run of 3 does on a CPU (the cost is in the weights, read once per run), so
/// thirty students editing labels at once wait for a few runs rather than thirty. A request larger than
/// <c>maxBatch</c> runs alone. A caller who cancels before its batch starts leaves it; once started, the run finishes
/// for the others and the cancelled caller is simply not answered.
/// </remarks>
internal sealed class DynamicBatcher<TItem, TResult>
{
    private readonly Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> _run;
    private readonly InferenceScheduler _scheduler;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly LinkedList<Request> _waiting = new();
    private int _waitingItems;
    private bool _collecting;
    private TaskCompletionSource _full = NewSignal();
    private Task _oldestWaited = Task.CompletedTask;

    /// <param name="run">The model run over all the batch's items, one result per item in their order.</param>
    public DynamicBatcher(Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> run, InferenceScheduler scheduler, int maxBatch, TimeSpan maxDelay, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _run = run;
        _scheduler = scheduler;
        _maxBatch = maxBatch;
        _maxDelay = maxDelay;
        _time = time;
    }

    /// <summary>The results of <paramref name="items"/>, in their order, from a run shared with other callers' items.</summary>
    public Task<IReadOnlyList<TResult>> RunAsync(IReadOnlyList<TItem> items, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (items.Count == 0)
            return Task.FromResult<IReadOnlyList<TResult>>([]);

        var request = new Request(items);
        bool startCollecting;
        lock (_lock)
        {
            // The delay counts from the oldest waiting request's arrival, as Triton's max_queue_delay does.
            if (_waiting.Count == 0)
                _oldestWaited = Task.Delay(_maxDelay, _time);
            request.Node = _waiting.AddLast(request);
            _waitingItems += items.Count;
            if (_waitingItems >= _maxBatch)
                _full.TrySetResult();
            startCollecting = !_collecting;
            _collecting = true;
        }

        if (startCollecting)
            _ = CollectAsync();
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Abandon(request, cancellationToken));
            request.Answer.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }
        return request.Answer.Task;
    }

    // One collector at a time: it gathers a batch, runs it, and goes on while requests keep coming.
    private async Task CollectAsync()
    {
        while (true)
        {
            Task waited, full;
            lock (_lock)
                (waited, full) = (_oldestWaited, _full.Task);
            await Task.WhenAny(waited, full).ConfigureAwait(false);
            await _scheduler.RunAsync(RunPriority.Interactive, RunWaiting).ConfigureAwait(false);
            lock (_lock)
            {
                _full = NewSignal();
                if (_waitingItems >= _maxBatch)
                    _full.TrySetResult();
                if (_waiting.Count == 0)
                {
                    _collecting = false;
                    return;
                }
            }
        }
    }

    private bool RunWaiting()
    {
        var batch = Take();
        if (batch.Count == 0)
            return false;
        try
        {
            var results = _run(batch.SelectMany(r => r.Items).ToArray());
            var offset = 0;
            foreach (var request in batch)
            {
                request.Answer.TrySetResult(results.Skip(offset).Take(request.Items.Count).ToArray());
                offset += request.Items.Count;
            }
        }
        catch (Exception e)
        {
            foreach (var request in batch)
                request.Answer.TrySetException(e);
        }
        return true;
    }

    // The oldest requests that fit in one batch; the first is taken whatever its size.
    private List<Request> Take()
    {
        var batch = new List<Request>();
        var items = 0;
        lock (_lock)
        {
            while (_waiting.First is { } first && (batch.Count == 0 || items + first.Value.Items.Count <= _maxBatch))
            {
                _waiting.RemoveFirst();
                first.Value.Node = null;
                items += first.Value.Items.Count;
                _waitingItems -= first.Value.Items.Count;
                batch.Add(first.Value);
            }
        }
        return batch;
    }

    private void Abandon(Request request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (request.Node is { } node)
            {
                _waiting.Remove(node);
                request.Node = null;
                _waitingItems -= request.Items.Count;
            }
        }
        request.Answer.TrySetCanceled(cancellationToken);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Request(IReadOnlyList<TItem> items)
    {
        public IReadOnlyList<TItem> Items { get; } = items;

        public TaskCompletionSource<IReadOnlyList<TResult>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Its place in the queue while it waits; null once taken into a batch or abandoned.</summary>
        public LinkedListNode<Request>? Node { get; set; }
    }
}
