using LabApp.Components.UI;

namespace LabApp.Tests.Medium.Pages;

public sealed class MediumDebounceTests
{
    [Fact]
    public async Task A_burst_of_slider_moves_runs_the_last_action_once()
    {
        using var debounce = new MediumDebounce();
        var calls = new List<int>();

        for (var i = 0; i < 5; i++)
        {
            var value = i;
            debounce.Run(() =>
            {
                lock (calls)
                    calls.Add(value);
                return Task.CompletedTask;
            });
        }
        await Task.Delay(1000);

        Assert.Equal([4], calls);
    }

    [Fact]
    public async Task Leaving_the_page_drops_the_pending_action()
    {
        var debounce = new MediumDebounce();
        var called = false;

        debounce.Run(() => Task.FromResult(called = true));
        debounce.Dispose();
        await Task.Delay(600);

        Assert.False(called);
    }
}
