using System.Text.Json;
using LabApp.Core.Experiments;
using LabApp.Core.Runners;
using LabApp.Core.Storage;

namespace LabApp.Tests.Evaluation;

/// <summary>
/// The embedded MiniLM on the whole test split: the lab's selective prediction, calibration and paired comparison of
/// logistic regression and zero-shot against numpy, scikit-learn and statsmodels on the same predictions.
/// </summary>
public sealed class MiniLmReliabilityTests
{
    private const double Tolerance = 1e-9;

    private static readonly JsonElement Fixture = Fixtures.Load("statistics.json");

    private static readonly Lazy<Task<CalibratedRun>> Supervised = new(() => SharedModel.Lab.RunSupervisedCalibratedAsync(new ExperimentSettings()));

    private static readonly Lazy<Task<ClassificationRun>> ZeroShot = new(() => SharedModel.Lab.RunZeroShotAsync(new ExperimentSettings(), ZeroShotExperiment.BookLabels));

    [Fact]
    public async Task Logistic_regressions_AURC_and_calibration_are_numpys_and_scikit_learns()
    {
        var calibrated = await Supervised.Value.WaitAsync(TestPatience.RealSplits);
        var expected = Fixture.GetProperty("minilm_test_supervised");

        var reliability = RunReliability.Of(calibrated.Run);

        Assert.Equal(ConfidenceKind.PredictedProbability, reliability.Confidence);
        AssertSelective(expected.GetProperty("selective"), reliability);
        StatisticsTests.AssertCalibration(expected.GetProperty("calibration"), reliability.Calibration!);
        Assert.Equal(reliability.Calibration!.Bins, calibrated.Before.Bins);
        Assert.Equal((reliability.Calibration.Ece, reliability.Calibration.Brier), (calibrated.Before.Ece, calibrated.Before.Brier));
    }

    [Fact]
    public async Task The_temperature_fitted_on_validation_keeps_every_prediction_and_lowers_the_test_ECE()
    {
        var calibrated = await Supervised.Value.WaitAsync(TestPatience.RealSplits);

        Assert.InRange(calibrated.Temperature, 0.5, 2);
        Assert.NotEqual(1, calibrated.Temperature);
        Assert.True(calibrated.After.Ece < calibrated.Before.Ece, $"ECE {calibrated.Before.Ece} before, {calibrated.After.Ece} after");
        Assert.Equal(calibrated.Before.Bins.Sum(b => b.Count), calibrated.After.Bins.Sum(b => b.Count));
    }

    [Fact]
    public async Task Zero_shots_margin_gives_its_AURC_and_no_calibration()
    {
        var run = await ZeroShot.Value.WaitAsync(TestPatience.RealSplits);

        var reliability = RunReliability.Of(run);

        Assert.Equal(ConfidenceKind.Margin, reliability.Confidence);
        Assert.Null(reliability.Calibration);
        AssertSelective(Fixture.GetProperty("minilm_test_zero_shot").GetProperty("selective"), reliability);
    }

    [Fact]
    public async Task Logistic_regression_against_zero_shot_is_statsmodels_McNemar_and_numpys_bootstrap()
    {
        var a = (await Supervised.Value.WaitAsync(TestPatience.RealSplits)).Run;
        var b = await ZeroShot.Value.WaitAsync(TestPatience.RealSplits);
        var expected = Fixture.GetProperty("minilm_test_comparison");

        var comparison = PairedComparison.Of(a, b, expected.GetProperty("seed").GetUInt64());

        Assert.Equal(
            (expected.GetProperty("both_right").GetInt32(), expected.GetProperty("only_a").GetInt32(), expected.GetProperty("only_b").GetInt32(), expected.GetProperty("both_wrong").GetInt32()),
            (comparison.BothRight, comparison.OnlyA, comparison.OnlyB, comparison.BothWrong));
        Assert.Equal(expected.GetProperty("exact_p").GetDouble(), comparison.McNemar.ExactP, Tolerance * expected.GetProperty("exact_p").GetDouble());
        Assert.Equal(expected.GetProperty("chi2").GetDouble(), comparison.McNemar.ChiSquared!.Value, Tolerance);
        Assert.Equal(expected.GetProperty("low").GetDouble(), comparison.Difference.Low);
        Assert.Equal(expected.GetProperty("high").GetDouble(), comparison.Difference.High);
        Assert.Equal(a.Report.Accuracy - b.Report.Accuracy, comparison.Difference.Difference, Tolerance);
        Assert.Equal(comparison.OnlyA + comparison.OnlyB, comparison.Disagreements.Count);
    }

    [Fact]
    public async Task Runs_on_different_test_reviews_are_not_compared()
    {
        var a = await SharedModel.Lab.RunZeroShotAsync(new ExperimentSettings(TestSize: 100), ZeroShotExperiment.BookLabels).WaitAsync(TestPatience.RealSplits);
        var b = await SharedModel.Lab.RunZeroShotAsync(new ExperimentSettings(TestSize: 100, Seed: 7), ZeroShotExperiment.BookLabels).WaitAsync(TestPatience.RealSplits);

        var problem = Assert.Throws<ArgumentException>(() => PairedComparison.Of(a, b, 42));

        Assert.Contains("different test reviews", problem.Message);
    }

    public static TheoryData<string, string, RunParameters, string> Comparable => new()
    {
        { "supervised", "supervised", new SupervisedParameters(MiniLm, 500, 200, 7), "supervised · model=minilm train=500 test=200 seed=7" },
        { "supervised", "centroid", new SupervisedParameters(MiniLm, null, null, 42), "centroid · model=minilm train=all test=all seed=42" },
        { "limited-data", "supervised", new LimitedDataParameters(MiniLm, 100, 300, 42), "supervised · model=minilm train=100 test=300 seed=42 max_iter=1000" },
        { "limited-data", "supervised", new SeedBandParameters(MiniLm, 100, 300, 7, [42, 7]), "supervised · model=minilm train=100 test=300 seed=7 max_iter=1000" },
        { "failure-analysis", "supervised", new FailureAnalysisParameters(MiniLm, 1000, 200, 42, 6), "supervised · model=minilm train=1000 test=200 seed=42 max_iter=1000" },
        { "zero-shot", "zero-shot", new ZeroShotParameters(MiniLm, ["A bad film", "A fine film"]), "zero-shot · model=minilm test=all labels=\"A bad film\" | \"A fine film\" seed=42" },
        { "task-specific", "task-specific", new TaskSpecificParameters(300, 3), "task-specific · test=300 seed=3" },
    };

    [Theory]
    [MemberData(nameof(Comparable))]
    public void A_run_log_row_is_made_again_from_its_typed_parameters(string page, string method, RunParameters parameters, string described)
    {
        var (run, problem) = ComparedRun.FromLog(new RunRecord(5, DateTimeOffset.UnixEpoch, page, method, MiniLm, parameters, null, null, TimeSpan.Zero));

        Assert.Null(problem);
        Assert.Equal(described, run!.Describe());
    }

    [Fact]
    public void A_logged_run_made_again_runs_with_exactly_its_settings()
    {
        var (run, _) = ComparedRun.FromLog(new RunRecord(5, DateTimeOffset.UnixEpoch, "zero-shot", "zero-shot", MiniLm,
            new ZeroShotParameters(Core.Models.ModelCatalog.MpnetId, ["A bad film", "A fine film", "A film"], 300, 9), null, null, TimeSpan.Zero));

        Assert.Equal(new ExperimentSettings(Core.Models.ModelCatalog.MpnetId, null, 300, 9), run!.Settings);
        Assert.Equal(["A bad film", "A fine film", "A film"], run.Labels!);
        Assert.Null(run.Options);
    }

    [Fact]
    public void A_run_log_row_that_cannot_be_made_again_says_why()
    {
        var (run, problem) = ComparedRun.FromLog(new RunRecord(9, DateTimeOffset.UnixEpoch, "llm", "llm", "gpt", new LlmParameters("gpt", "api.openai.com", "[DOCUMENT]", 20, 42), null, null, TimeSpan.Zero));
        var (labels, labelsProblem) = ComparedRun.FromLog(TestRuns.CustomLabels("a", "b") with { Id = 10 });

        Assert.Null(run);
        Assert.Equal("Run 9 (llm, llm) cannot be compared: making it again would send the reviews to the chat model again, and may cost money.", problem);
        Assert.Null(labels);
        Assert.Equal("Run 10 (custom-labels, zero-shot) cannot be compared: its reviews are your own and have no true labels.", labelsProblem);
    }

    private const string MiniLm = Core.Models.ModelCatalog.MiniLmId;

    private static void AssertSelective(JsonElement expected, RunReliability reliability)
    {
        Assert.Equal(expected.GetProperty("aurc").GetDouble(), reliability.Selective!.Aurc, Tolerance);
        Assert.Equal(expected.GetProperty("e_aurc").GetDouble(), reliability.Selective.EAurc, Tolerance);
        Assert.Equal(expected.GetProperty("accuracy_at_80").GetDouble(), reliability.Selective.AccuracyAt80, Tolerance);
    }
}
