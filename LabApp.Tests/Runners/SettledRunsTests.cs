using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Runners;

/// <summary>The one settle rule, on a clock the test moves: a run is logged once no newer run of its page replaced it within <see cref="SettledRuns.SettleTime"/>.</summary>
public sealed class SettledRunsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly Recorder _recorder = new();

    [Fact]
    public async Task A_run_is_logged_once_it_has_stood_for_the_settle_time_stamped_with_when_it_finished()
    {
        using var runs = new SettledRuns(_recorder, _clock);
        var finished = _clock.GetLocalNow();

        var handed = runs.Record(Run("zero-shot", 100));
        _clock.Advance(SettledRuns.SettleTime - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_recorder.Added);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var logged = Assert.Single(_recorder.Added);
        Assert.Equal(finished, logged.Time);
        Assert.Equal(logged, await handed);
    }

    [Fact]
    public async Task A_newer_run_of_the_same_page_within_the_settle_time_replaces_the_older()
    {
        using var runs = new SettledRuns(_recorder, _clock);

        var typing = runs.Record(Run("zero-shot", 100));
        _clock.Advance(SettledRuns.SettleTime * 0.9);
        var typed = runs.Record(Run("zero-shot", 200));
        _clock.Advance(SettledRuns.SettleTime * 0.9);
        Assert.Empty(_recorder.Added);
        _clock.Advance(SettledRuns.SettleTime * 0.1);

        Assert.Null(await typing);
        Assert.Equal(200, ((SupervisedParameters)Assert.Single(_recorder.Added).Parameters).TrainSize);
        Assert.NotNull(await typed);
    }

    [Fact]
    public void A_run_that_stood_is_not_replaced_by_a_later_one()
    {
        using var runs = new SettledRuns(_recorder, _clock);

        runs.Record(Run("zero-shot", 100));
        _clock.Advance(SettledRuns.SettleTime);
        runs.Record(Run("zero-shot", 200));
        _clock.Advance(SettledRuns.SettleTime);

        Assert.Equal([100, 200], _recorder.Added.Select(r => ((SupervisedParameters)r.Parameters).TrainSize));
    }

    [Fact]
    public void Runs_of_other_pages_methods_or_slots_do_not_replace_each_other()
    {
        using var runs = new SettledRuns(_recorder, _clock);

        runs.Record(Run("supervised", 100));
        runs.Record(Run("supervised", 100) with { Method = "centroid" });
        runs.Record(Run("limited-data", 100) with { Slot = "train=100 seed=42" });
        runs.Record(Run("limited-data", 500) with { Slot = "train=500 seed=42" });
        runs.Record(Run("zero-shot", 100));
        _clock.Advance(SettledRuns.SettleTime);

        Assert.Equal(
            [("supervised", "supervised"), ("supervised", "centroid"), ("limited-data", "supervised"), ("limited-data", "supervised"), ("zero-shot", "supervised")],
            _recorder.Added.Select(r => (r.Page, r.Method)));
    }

    [Fact]
    public async Task Each_student_settles_their_own_runs()
    {
        using var ann = new SettledRuns(_recorder, _clock);
        using var bob = new SettledRuns(_recorder, _clock);

        var anns = ann.Record(Run("zero-shot", 100));
        var bobs = bob.Record(Run("zero-shot", 200));
        _clock.Advance(SettledRuns.SettleTime);

        Assert.NotNull(await anns);
        Assert.NotNull(await bobs);
        Assert.Equal(2, _recorder.Added.Count);
    }

    [Fact]
    public async Task The_circuit_ending_within_the_settle_time_records_the_last_run_of_each_slot_and_drops_any_handed_later()
    {
        var runs = new SettledRuns(_recorder, _clock);
        var replaced = runs.Record(Run("zero-shot", 100));
        var shown = runs.Record(Run("zero-shot", 200));
        var row = runs.Record(Run("limited-data", 500) with { Slot = "train=500 seed=42" });
        _clock.Advance(SettledRuns.SettleTime / 2);

        runs.Dispose();
        var late = runs.Record(Run("zero-shot", 300));

        Assert.Null(await replaced);
        Assert.Equal(200, ((SupervisedParameters)(await shown)!.Parameters).TrainSize);
        Assert.Equal(500, ((SupervisedParameters)(await row)!.Parameters).TrainSize);
        Assert.Null(await late);
        _clock.Advance(SettledRuns.SettleTime);
        Assert.Equal([("limited-data", 500), ("zero-shot", 200)],
            _recorder.Added.Select(r => (r.Page, ((SupervisedParameters)r.Parameters).TrainSize ?? 0)).Order());
    }

    [Fact]
    public async Task A_run_recorded_as_the_circuit_ends_is_stamped_with_when_it_finished_and_its_timer_never_records_it_again()
    {
        var runs = new SettledRuns(_recorder, _clock);
        var finished = _clock.GetLocalNow();
        var shown = runs.Record(Run("zero-shot", 100));
        _clock.Advance(SettledRuns.SettleTime * 0.9);

        runs.Dispose();
        var logged = await shown;
        _clock.Advance(SettledRuns.SettleTime);
        runs.Dispose();

        Assert.Equal(finished, Assert.Single(_recorder.Added).Time);
        Assert.Equal(logged, _recorder.Added[0]);
    }

    [Fact]
    public async Task The_same_run_again_reaches_the_log_with_the_same_identity_and_other_inputs_with_another()
    {
        using var runs = new SettledRuns(_recorder, _clock);

        _ = runs.Record(Run("custom-labels", 100) with { Inputs = "a review" });
        _clock.Advance(SettledRuns.SettleTime);
        _ = runs.Record(Run("custom-labels", 100) with { Inputs = "a review", Duration = TimeSpan.FromSeconds(9) });
        _clock.Advance(SettledRuns.SettleTime);
        var other = runs.Record(Run("custom-labels", 100) with { Inputs = "another review" });
        _clock.Advance(SettledRuns.SettleTime);

        Assert.Equal(3, _recorder.Identities.Count);
        Assert.Equal(_recorder.Identities[0], _recorder.Identities[1]);
        Assert.NotEqual(_recorder.Identities[0], _recorder.Identities[2]);
        Assert.DoesNotContain("review", string.Concat(_recorder.Identities));
        Assert.NotNull(await other);
    }

    [Fact]
    public async Task A_log_that_fails_says_the_run_was_not_saved_and_the_next_run_is_logged()
    {
        using var runs = new SettledRuns(_recorder, _clock);
        var said = new List<string>();
        runs.NotSaved += said.Add;
        _recorder.Fail = true;
        var failed = runs.Record(Run("zero-shot", 100));
        _clock.Advance(SettledRuns.SettleTime);
        _recorder.Fail = false;
        var next = runs.Record(Run("zero-shot", 200));
        _clock.Advance(SettledRuns.SettleTime);

        Assert.Null(await failed);
        Assert.StartsWith("This zero-shot run was not saved in your run log", Assert.Single(said));
        Assert.NotNull(await next);
    }

    private static FinishedRun Run(string page, int trainSize) =>
        new(page, "supervised", ModelCatalog.MiniLmId, new SupervisedParameters(ModelCatalog.MiniLmId, trainSize, null, 42), new RunScores(0.8, 0.8, 0.8, 1066), TimeSpan.FromSeconds(1));

    private sealed class Recorder : IRunRecorder
    {
        public List<RunRecord> Added { get; } = [];

        public List<string?> Identities { get; } = [];

        public bool Fail { get; set; }

        public RunRecord Add(RunRecord record, string? identity = null)
        {
            if (Fail)
                throw new IOException("The disk is full.");
            Identities.Add(identity);
            Added.Add(record with { Id = Added.Count + 1 });
            return Added[^1];
        }
    }
}
