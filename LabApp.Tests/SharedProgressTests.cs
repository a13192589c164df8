using LabApp.Core;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests;

public sealed class SharedProgressTests
{
    private const int Reviews = 1066;

    [Fact]
    public void Followers_hear_at_most_four_reports_a_second_the_last_always_and_a_latecomer_the_latest_at_once()
    {
        var time = new FakeTimeProvider();
        var progress = new SharedProgress<int>(time, (done, _) => done == Reviews);
        var first = new List<int>();
        var latecomer = new List<int>();
        progress.Follow(new Heard(first));

        progress.Report(0);
        progress.Report(32);
        progress.Report(64);
        time.Advance(SharedProgress<int>.Interval);
        progress.Report(96);
        progress.Report(128);
        progress.Follow(new Heard(latecomer));
        progress.Report(Reviews);

        Assert.Equal([0, 96, Reviews], first);
        Assert.Equal([128, Reviews], latecomer);
    }

    [Fact]
    public void A_follower_who_left_hears_nothing_more_and_the_count_of_those_left_is_told()
    {
        var progress = new SharedProgress<int>(new FakeTimeProvider(), (done, _) => done == Reviews);
        var leaving = new Heard([]);
        var staying = new Heard([]);
        progress.Follow(leaving);
        progress.Follow(staying);

        Assert.Equal(1, progress.Unfollow(leaving));
        progress.Report(Reviews);

        Assert.Empty(leaving.Values);
        Assert.Equal([Reviews], staying.Values);
        Assert.Equal(0, progress.Unfollow(staying));
    }

    private sealed class Heard(List<int> values) : IProgress<int>
    {
        public List<int> Values => values;

        public void Report(int value) => values.Add(value);
    }
}
