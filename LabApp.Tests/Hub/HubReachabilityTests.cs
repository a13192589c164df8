using System.Diagnostics;
using LabApp.Core.Hub;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Hub;

public sealed class HubReachabilityTests
{
    [Fact]
    public async Task A_hub_that_answers_at_all_is_reachable_and_its_answer_is_shared_until_it_is_a_minute_old()
    {
        await using var hub = LocalHub.Start();
        var time = new FakeTimeProvider();
        var reachability = new HubReachability(new HubOptions(hub.Endpoint, TestFolders.Create("hub-cache")), time);

        // A 404 from the hub's front page still says the hub is there.
        Assert.True(await reachability.IsReachableAsync());
        Assert.True(await reachability.IsReachableAsync());
        Assert.Single(hub.Requests);

        time.Advance(HubReachability.KeptFor);
        Assert.True(await reachability.IsReachableAsync());
        Assert.Equal(2, hub.Requests.Count);

        Assert.True(await reachability.CheckAgainAsync());
        Assert.Equal(3, hub.Requests.Count);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable_at_once()
    {
        var reachability = new HubReachability(new HubOptions(new Uri($"http://127.0.0.1:{LocalPorts.Closed()}"), TestFolders.Create("hub-cache")), TimeProvider.System);
        var clock = Stopwatch.StartNew();

        Assert.False(await reachability.IsReachableAsync());

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, HubReachability.Limit);
    }
}
