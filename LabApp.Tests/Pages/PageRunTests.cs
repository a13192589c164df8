using LabApp.Components.UI;

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
}
