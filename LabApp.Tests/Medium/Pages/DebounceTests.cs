using LabApp.Components.UI;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Medium.Pages;

/// <summary>On a fake clock: a busy test machine must not decide whether a pause was long enough.</summary>
public sealed class DebounceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_burst_of_slider_moves_runs_the_last_action_once_after_the_pause()
    {
        var clock = new FakeTimeProvider();
        using var debounce = new Debounce(clock);
        var calls = new List<int>();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        for (var i = 0; i < 5; i++)
        {
            var value = i;
            debounce.Run(() =>
            {
                lock (calls)
                    calls.Add(value);
                ran.TrySetResult();
                return Task.CompletedTask;
            });
            clock.Advance(Debounce.Pause - Tick);
        }

        Assert.Empty(calls);
        clock.Advance(Tick);
        await ran.Task.WaitAsync(Patience);

        Assert.Equal([4], calls);
    }

    [Fact]
    public async Task Leaving_the_page_drops_the_pending_action()
    {
        var clock = new FakeTimeProvider();
        var debounce = new Debounce(clock);
        var dropped = false;
        var kept = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var other = new Debounce(clock);

        debounce.Run(() => Task.FromResult(dropped = true));
        other.Run(() => Task.FromResult(kept.TrySetResult()));
        debounce.Dispose();
        clock.Advance(Debounce.Pause);
        // Both delays end on the same tick; the kept one having run shows the dropped one had its chance.
        await kept.Task.WaitAsync(Patience);

        Assert.False(dropped);
    }
}
