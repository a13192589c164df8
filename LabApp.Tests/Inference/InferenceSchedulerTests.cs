using System.Collections.Concurrent;
using LabApp.Core.Inference;

namespace LabApp.Tests.Inference;

public sealed class InferenceSchedulerTests
{
    [Fact]
    public async Task A_waiting_interactive_run_starts_before_bulk_runs_that_queued_earlier()
    {
        var scheduler = new InferenceScheduler(concurrentRuns: 1);
        var runs = new Runs();
        var firstBulkBatch = runs.Start(scheduler, "bulk 1", RunPriority.Bulk);
        var secondBulkBatch = runs.Start(scheduler, "bulk 2", RunPriority.Bulk);
        var labelEdit = runs.Start(scheduler, "label edit", RunPriority.Interactive);
        await runs.Started("bulk 1");

        runs.Finish("bulk 1");
        await runs.Started("label edit");
        Assert.False(secondBulkBatch.IsCompleted);
        runs.Finish("label edit");
        runs.Finish("bulk 2");
        await Task.WhenAll(firstBulkBatch, secondBulkBatch, labelEdit);

        Assert.Equal(["bulk 1", "label edit", "bulk 2"], runs.Order);
    }

    [Fact]
    public async Task Bulk_runs_leave_one_slot_to_interactive_runs_and_no_more_than_the_bound_run_at_once()
    {
        var scheduler = new InferenceScheduler(concurrentRuns: 2);
        var runs = new Runs();
        var bulk = new[] { runs.Start(scheduler, "bulk 1", RunPriority.Bulk), runs.Start(scheduler, "bulk 2", RunPriority.Bulk) };
        await runs.Started("bulk 1");
        var typed = new[] { runs.Start(scheduler, "typed 1", RunPriority.Interactive), runs.Start(scheduler, "typed 2", RunPriority.Interactive) };
        await runs.Started("typed 1");

        // Two slots, both taken: the second bulk batch waits for the bulk slot, the second typed text for any slot.
        Assert.Equal(2, runs.Running);
        runs.Finish("typed 1");
        await runs.Started("typed 2");
        Assert.Equal(2, runs.Running);
        runs.Finish("bulk 1");
        await runs.Started("bulk 2");
        runs.Finish("typed 2");
        runs.Finish("bulk 2");
        await Task.WhenAll(bulk.Concat(typed));

        Assert.Equal(2, runs.MostAtOnce);
        Assert.Equal(["bulk 1", "typed 1", "typed 2", "bulk 2"], runs.Order);
    }

    [Fact]
    public async Task A_caller_who_cancels_while_waiting_leaves_the_queue_and_the_others_keep_their_places()
    {
        var scheduler = new InferenceScheduler(concurrentRuns: 1);
        var runs = new Runs();
        using var leaving = new CancellationTokenSource();
        var running = runs.Start(scheduler, "bulk 1", RunPriority.Bulk);
        var left = runs.Start(scheduler, "typed, then the page closed", RunPriority.Interactive, leaving.Token);
        var staying = runs.Start(scheduler, "typed", RunPriority.Interactive);
        var bulk = runs.Start(scheduler, "bulk 2", RunPriority.Bulk);
        await runs.Started("bulk 1");

        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        runs.Finish("bulk 1");
        await runs.Started("typed");
        runs.Finish("typed");
        runs.Finish("bulk 2");
        await Task.WhenAll(running, staying, bulk);

        Assert.Equal(["bulk 1", "typed", "bulk 2"], runs.Order);
    }

    [Fact]
    public async Task A_cancelled_interactive_caller_lets_the_bulk_run_behind_it_start()
    {
        var scheduler = new InferenceScheduler(concurrentRuns: 2);
        var runs = new Runs();
        using var leaving = new CancellationTokenSource();
        var typed = runs.Start(scheduler, "typed 1", RunPriority.Interactive);
        var other = runs.Start(scheduler, "typed 2", RunPriority.Interactive);
        var left = runs.Start(scheduler, "typed 3", RunPriority.Interactive, leaving.Token);
        var bulk = runs.Start(scheduler, "bulk", RunPriority.Bulk);
        await runs.Started("typed 1");
        await runs.Started("typed 2");

        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        runs.Finish("typed 1");
        await runs.Started("bulk");
        runs.Finish("typed 2");
        runs.Finish("bulk");
        await Task.WhenAll(typed, other, bulk);
    }

    /// <summary>Runs that start, say so, and end only when the test lets them: the scheduler's order made visible.</summary>
    private sealed class Runs
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _finish = new();
        private readonly ConcurrentQueue<string> _order = new();
        private int _running;
        private int _mostAtOnce;

        public IReadOnlyList<string> Order => _order.ToArray();

        public int Running => Volatile.Read(ref _running);

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public Task Start(InferenceScheduler scheduler, string name, RunPriority priority, CancellationToken cancellationToken = default) =>
            scheduler.RunAsync(priority, () =>
            {
                var running = Interlocked.Increment(ref _running);
                InterlockedMax(ref _mostAtOnce, running);
                _order.Enqueue(name);
                Signal(_started, name).SetResult();
                Signal(_finish, name).Task.Wait();
                Interlocked.Decrement(ref _running);
            }, cancellationToken);

        public Task Started(string name) => Signal(_started, name).Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Finish(string name) => Signal(_finish, name).SetResult();

        private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string name) =>
            signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
                Interlocked.CompareExchange(ref target, value, seen);
        }
    }
}
