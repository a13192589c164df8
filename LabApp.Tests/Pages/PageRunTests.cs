using LabApp.Components.UI;
using LabApp.Core.Runners;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Pages;

public sealed class PageRunTests
{
    [Fact]
    public async Task Disposing_cancels_the_work_as_leaving_the_page_does()
    {
        var token = CancellationToken.None;
        var run = new PageRun(() => Task.CompletedTask);
        var work = run.RunAsync("working", async t =>
        {
            token = t;
            await Task.Delay(Timeout.Infinite, t);
        });

        run.Dispose();
        await work;

        Assert.True(token.IsCancellationRequested);
        Assert.False(run.IsRunning);
        Assert.True(run.WasCancelled);
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task Starting_new_work_cancels_the_old_and_only_the_new_reports()
    {
        var run = new PageRun(() => Task.CompletedTask);
        var first = run.RunAsync("first", t => Task.Delay(Timeout.Infinite, t));

        await run.RunAsync("second", _ => Task.CompletedTask);
        await first;

        Assert.Null(run.Error);
        Assert.False(run.WasCancelled);
        Assert.False(run.IsRunning);
    }

    [Fact]
    public async Task A_failure_becomes_the_message_shown_on_the_page()
    {
        var run = new PageRun(() => Task.CompletedTask);

        await run.RunAsync("failing", _ => throw new ArgumentException("Choose a training size from 100 to 8530 (the whole train split)."));

        Assert.Equal("Choose a training size from 100 to 8530 (the whole train split).", run.Error);
    }

    [Fact]
    public async Task A_runners_steps_become_the_status_and_counts_and_a_replaced_runs_are_ignored()
    {
        var run = new PageRun(() => Task.CompletedTask);
        var replaced = new TaskCompletionSource();
        IProgress<RunStep>? old = null;
        var first = run.RunAsync("first", async t =>
        {
            old = run.Steps;
            await replaced.Task;
        });
        var second = run.RunAsync("second", async _ =>
        {
            run.Steps.Report(new RunStep("Embedding the test split", 500, 1066));
            old!.Report(new RunStep("Embedding the train split", 8000, 8530));
            replaced.SetResult();
            await first;
            Assert.Equal(("Embedding the test split", 500, 1066), (run.Status, run.Done, run.Total));
            run.Steps.Report(new RunStep("Embedding the test split", 700, 1066));
            Assert.Equal((700, 1066), (run.Done, run.Total));
        });

        await second;

        Assert.False(run.IsRunning);
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task Steps_that_pass_within_the_interval_are_not_drawn_and_a_step_that_lasts_is_drawn_after_it()
    {
        var clock = new FakeTimeProvider();
        var redraws = 0;
        var drawn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = new PageRun(() =>
        {
            Interlocked.Increment(ref redraws);
            drawn.TrySetResult();
            return Task.CompletedTask;
        }, clock);

        // A fit the class shares and splits embedded before: the page is drawn at the run's start and with its result only.
        await run.RunAsync("Training", _ =>
        {
            run.Steps.Report(new RunStep("Embedding the train split", 0, 8530));
            run.Steps.Report(new RunStep("Embedding the test split", 0, 1066));
            run.Steps.Report(new RunStep("Training on 1000 reviews and testing on 300"));
            return Task.CompletedTask;
        });
        Assert.Equal(2, Volatile.Read(ref redraws));

        // A run that lasts shows its last step once the interval has passed, then its result.
        var fitted = new TaskCompletionSource();
        var lasting = run.RunAsync("Training", async _ =>
        {
            run.Steps.Report(new RunStep("Embedding the train split", 0, 8530));
            run.Steps.Report(new RunStep("Training on 5000 reviews and testing on 300"));
            await fitted.Task;
        });
        Assert.Equal(3, Volatile.Read(ref redraws));
        drawn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        clock.Advance(PageRun.RedrawInterval);
        await drawn.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((4, "Training on 5000 reviews and testing on 300"), (Volatile.Read(ref redraws), run.Status));
        fitted.SetResult();
        await lasting;
        Assert.Equal(5, Volatile.Read(ref redraws));
    }
}
