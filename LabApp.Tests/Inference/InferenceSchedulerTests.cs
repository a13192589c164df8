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
    public async Task With_four_slots_bulk_runs_leave_one_to_interactive_runs_and_no_more_than_four_run_at_once()
    {
        var scheduler = new InferenceScheduler(concurrentRuns: 4);
        var runs = new Runs();
        var bulk = Enumerable.Range(1, 4).Select(i => runs.Start(scheduler, $"bulk {i}", RunPriority.Bulk)).ToArray();
        await Task.WhenAll(Enumerable.Range(1, 3).Select(i => runs.Started($"bulk {i}")));
        var typed = new[] { runs.Start(scheduler, "typed 1", RunPriority.Interactive), runs.Start(scheduler, "typed 2", RunPriority.Interactive) };
        await runs.Started("typed 1");

        Assert.Equal(4, runs.Running);
        runs.Finish("typed 1");
        await runs.Started("typed 2");
        runs.Finish("bulk 1");
        await runs.Started("bulk 4");
        foreach (var name in new[] { "typed 2", "bulk 2", "bulk 3", "bulk 4" })
            runs.Finish(name);
        await Task.WhenAll(bulk.Concat(typed));

        Assert.Equal(4, runs.MostAtOnce);
        Assert.Equal(["typed 1", "typed 2", "bulk 4"], runs.Order.Skip(3));
    }

    [Fact]
    public async Task A_bulk_job_runs_its_batches_side_by_side_and_counts_them_done_in_their_order()
    {
        var scheduler = new InferenceScheduler(concurrentRuns: 2);
        var runs = new Runs();
        var reports = new List<int>();
        int[][] batches = [[0, 1, 2], [3, 4, 5], [6]];
        var job = scheduler.RunBulkAsync(batches, batch => runs.Run($"batch of {batch[0]}"), new Reports(reports), CancellationToken.None);
        await runs.Started("batch of 0");
        await runs.Started("batch of 3");

        // The second batch ends first: nothing is counted until the first one ends too.
        runs.Finish("batch of 3");
        await runs.Started("batch of 6");
        runs.Finish("batch of 6");
        Assert.Empty(reports);
        runs.Finish("batch of 0");
        await job;

        Assert.Equal([3, 6, 7], reports);
        Assert.Equal(2, runs.MostAtOnce);
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

    private sealed class Reports(List<int> values) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (values)
                values.Add(value);
        }
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
            scheduler.RunAsync(priority, () => Run(name), cancellationToken);

        public void Run(string name)
        {
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostAtOnce, running);
            _order.Enqueue(name);
            Signal(_started, name).SetResult();
            Signal(_finish, name).Task.Wait();
            Interlocked.Decrement(ref _running);
        }

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
