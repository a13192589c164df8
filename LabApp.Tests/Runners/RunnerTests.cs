using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace LabApp.Tests.Runners;

/// <summary>The chapter pages' runners over the real data and MiniLM, recording into a real run log file.</summary>
public sealed class RunnerTests
{
    private static readonly TimeSpan Patience = TestPatience.RealSplits;

    private readonly LabApp.Services.StudentRunLog _log = LabApp.Tests.Medium.MediumFixtures.NewLog();

    [Fact]
    public async Task A_run_recorded_before_is_not_recorded_again()
    {
        var clock = new FakeTimeProvider();
        using var runs = Runs(clock);
        var scores = new RunScores(0.5, 0.4, 0.45, 2);
        async Task<bool> Added(string method, int train)
        {
            var handed = runs.Record(new FinishedRun("supervised", method, ModelCatalog.MiniLmId, new SupervisedParameters(ModelCatalog.MiniLmId, train, null, 42), scores, TimeSpan.FromSeconds(1)));
            clock.Advance(SettledRuns.SettleTime);
            return !(await handed)!.IsEarlier;
        }

        Assert.True(await Added("supervised", 500));
        Assert.False(await Added("supervised", 500));
        Assert.True(await Added("centroid", 500));
        Assert.True(await Added("supervised", 600));
        // Back to the first settings: the student has that row already.
        Assert.False(await Added("supervised", 500));

        Assert.Equal(["supervised train=500", "centroid train=500", "supervised train=600"],
            _log.Find().Select(r => $"{r.Method} train={((SupervisedParameters)r.Parameters).TrainSize}").Reverse());
        Assert.All(_log.Find(), r => Assert.Equal(scores, r.Scores));
    }

    [Fact]
    public async Task A_supervised_run_reports_its_steps_records_both_classifiers_once_and_scores_as_the_lab_does()
    {
        var clock = new FakeTimeProvider();
        using var runs = Runs(clock);
        var runner = new SupervisedRunner(SharedModel.Lab, runs, TimeProvider.System);
        var settings = new ExperimentSettings(TrainSize: 500, TestSize: 200);
        var steps = new Steps();

        var result = await runner.RunAsync(settings, steps, CancellationToken.None).WaitAsync(Patience);
        clock.Advance(SettledRuns.SettleTime);
        await runner.RunAsync(settings, null, CancellationToken.None).WaitAsync(Patience);
        clock.Advance(SettledRuns.SettleTime);

        Assert.Contains(new RunStep("Embedding the train split", 0, 8530), steps.All);
        Assert.Contains(new RunStep("Embedding the validation split", 0, 1066), steps.All);
        Assert.Contains(new RunStep("Embedding the test split", 0, 1066), steps.All);
        Assert.Equal("Fitting the logistic regression, its temperature and the centroids", steps.All[^1].Name);
        Assert.Equal((await SharedModel.Lab.RunSupervisedAsync(settings)).Report.ToString(), result.LogisticRegression.Report.ToString());
        Assert.Equal((await SharedModel.Lab.RunCentroidAsync(settings)).Report.ToString(), result.Centroid.Report.ToString());
        var records = _log.Find();
        Assert.Equal(["centroid", "supervised"], records.Select(r => r.Method));
        Assert.All(records, r => Assert.Equal(("supervised", "model=minilm train=500 test=200 seed=42", 200), (r.Page, r.Description, r.Scores!.Reviews)));
        Assert.All(records, r => Assert.Equal(new SupervisedParameters(ModelCatalog.MiniLmId, 500, 200, 42), r.Parameters));
        Assert.Equal(result.LogisticRegression.Report.Accuracy, records[1].Scores!.Accuracy);
    }

    [Fact]
    public async Task A_run_cancelled_during_the_fit_is_not_recorded()
    {
        var clock = new FakeTimeProvider();
        using var runs = Runs(clock);
        var runner = new SupervisedRunner(SharedModel.Lab, runs, TimeProvider.System);
        using var leaving = new CancellationTokenSource();
        // The student leaves the page once the fit has begun: the fit cannot be interrupted, its result is dropped.
        var steps = new Steps(step =>
        {
            if (step.Name.StartsWith("Fitting", StringComparison.Ordinal))
                leaving.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(new ExperimentSettings(TrainSize: 300, TestSize: 100), steps, leaving.Token).WaitAsync(Patience));
        clock.Advance(SettledRuns.SettleTime);

        Assert.Empty(_log.Find());
    }

    [Fact]
    public async Task Zero_shot_records_the_label_set_that_settled_not_the_ones_typed_on_the_way()
    {
        var clock = new FakeTimeProvider();
        using var runs = Runs(clock);
        var runner = new ZeroShotRunner(SharedModel.Lab, runs, clock);
        IReadOnlyList<string> typed = ["A negative review", "A glowing review"];

        await runner.RunAsync(ModelCatalog.MiniLmId, ["A negative review", "A glow"], null, CancellationToken.None).WaitAsync(Patience);
        var settled = await runner.RunAsync(ModelCatalog.MiniLmId, typed, null, CancellationToken.None).WaitAsync(Patience);
        Assert.Empty(_log.Find());

        clock.Advance(SettledRuns.SettleTime);

        var run = Assert.Single(_log.Find());
        Assert.Equal(("zero-shot", settled.Description, settled.Run.Report.Accuracy), (run.Page, run.Description, run.Scores!.Accuracy));
        Assert.Equal(new ZeroShotParameters(ModelCatalog.MiniLmId, typed), run.Parameters);
        Assert.EndsWith("labels=\"A negative review\" | \"A glowing review\"", run.Description);
    }

    [Fact]
    public async Task Leaving_before_the_labels_settled_logs_the_labels_shown_once()
    {
        var clock = new FakeTimeProvider();
        var recorder = new AnnouncingRecorder(_log);
        var left = new SettledRuns(recorder, clock);
        await new ZeroShotRunner(SharedModel.Lab, left, clock).RunAsync(ModelCatalog.MiniLmId, ["A dull film", "A bright film"], null, CancellationToken.None).WaitAsync(Patience);

        // The circuit ends within the settle time: its scope disposes the student's SettledRuns, which logs what was shown.
        left.Dispose();
        var logged = await recorder.Added.WaitAsync(Patience);
        // The settle time passing afterwards logs nothing more: the run's timer went with the circuit.
        clock.Advance(SettledRuns.SettleTime);

        Assert.EndsWith("labels=\"A dull film\" | \"A bright film\"", logged.Description);
        Assert.Equal(logged.Id, Assert.Single(_log.Find()).Id);
    }

    /// <summary>One student's recorder of settled runs, into this test's run log.</summary>
    private SettledRuns Runs(TimeProvider time) => new(_log, time);

    /// <summary>The run log, and a task that ends with the first record it stores: the record made off the test's thread.</summary>
    private sealed class AnnouncingRecorder(IRunRecorder log) : IRunRecorder
    {
        private readonly TaskCompletionSource<RunRecord> _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<RunRecord> Added => _added.Task;

        public RunRecord Add(RunRecord record, string? identity = null)
        {
            var stored = log.Add(record, identity);
            _added.TrySetResult(stored);
            return stored;
        }
    }

    /// <summary>Every step reported, on the reporting thread; <see cref="Progress{T}"/> would post them later.</summary>
    private sealed class Steps(Action<RunStep>? onStep = null) : IProgress<RunStep>
    {
        private readonly List<RunStep> _steps = [];

        public IReadOnlyList<RunStep> All
        {
            get
            {
                lock (_steps)
                    return [.. _steps];
            }
        }

        public void Report(RunStep value)
        {
            lock (_steps)
                _steps.Add(value);
            onStep?.Invoke(value);
        }
    }
}
