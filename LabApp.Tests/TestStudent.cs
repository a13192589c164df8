using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests;

/// <summary>
/// One student's run log (a file of the test's own) and the <see cref="SettledRuns"/> runners hand their runs to, on a
/// clock of the test's own: a run is logged when the test moves the clock on (<see cref="Settle"/>), never by waiting.
/// </summary>
public sealed class TestStudent : IDisposable
{
    public TestStudent() => Runs = new SettledRuns(Log, Clock);

    public StudentRunLog Log { get; } = Medium.MediumFixtures.NewLog();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public SettledRuns Runs { get; }

    /// <summary>Lets every run handed over so far settle: they are in <see cref="Log"/> when this returns.</summary>
    public void Settle() => Clock.Advance(SettledRuns.SettleTime);

    /// <summary>Lets <paramref name="handed"/> (and every run handed over before it) settle, and returns what the log made of it.</summary>
    public Task<RunRecord?> Settle(Task<RunRecord?> handed)
    {
        Settle();
        return handed;
    }

    public void Dispose() => Runs.Dispose();
}
