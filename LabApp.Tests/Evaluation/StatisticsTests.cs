using System.Text.Json;
using LabApp.Core.Data;
using LabApp.Core.Evaluation;

namespace LabApp.Tests.Evaluation;

/// <summary>The statistics against numpy, scikit-learn, SciPy and statsmodels on tools/reference/make_statistics_fixture.py's inputs.</summary>
public sealed class StatisticsTests
{
    private const double Tolerance = 1e-9;

    private static readonly JsonElement Fixture = Fixtures.Load("statistics.json");

    [Fact]
    public void The_risk_coverage_curve_AURC_and_E_AURC_are_numpys_with_ties_broken_by_test_index()
    {
        var input = Fixture.GetProperty("selective_input");
        var expected = Fixture.GetProperty("selective");

        var result = SelectivePrediction.Of(Doubles(input, "confidence"), Bools(input, "correct"), Ints(input, "index"));

        Assert.Equal(expected.GetProperty("aurc").GetDouble(), result.Aurc, Tolerance);
        Assert.Equal(expected.GetProperty("e_aurc").GetDouble(), result.EAurc, Tolerance);
        Assert.Equal(expected.GetProperty("accuracy_at_80").GetDouble(), result.AccuracyAt80, Tolerance);
        Assert.Equal(Doubles(expected, "coverage"), result.Curve.Select(p => p.Coverage));
        Assert.Equal(Doubles(expected, "risk"), result.Curve.Select(p => p.Risk));
        Assert.True(result.EAurc > 0);
    }

    [Fact]
    public void A_classifier_wrong_on_every_review_has_risk_1_everywhere_and_no_excess()
    {
        var expected = Fixture.GetProperty("selective_all_wrong");
        var confidence = Doubles(Fixture.GetProperty("selective_input"), "confidence").Take(10).ToArray();

        var result = SelectivePrediction.Of(confidence, new bool[10], Ints(Fixture.GetProperty("selective_input"), "index").Take(10).ToArray());

        Assert.Equal(expected.GetProperty("aurc").GetDouble(), result.Aurc);
        Assert.Equal(0, result.EAurc);
        Assert.Equal(0, result.CoverageAtRisk(0.5));
    }

    [Fact]
    public void Coverage_at_a_target_risk_is_the_largest_coverage_whose_risk_stays_within_it()
    {
        // Right, wrong, right, right by confidence: risks 0, 1/2, 1/3, 1/4.
        var result = SelectivePrediction.Of([0.9, 0.8, 0.7, 0.6], [true, false, true, true], [0, 1, 2, 3]);

        Assert.Equal(0.25, result.CoverageAtRisk(0.1));
        Assert.Equal(1.0, result.CoverageAtRisk(0.25));
        Assert.Equal(0.25, result.CoverageAtRisk(0.2));
        Assert.Equal(0.75, result.AccuracyAt80, Tolerance);
    }

    [Fact]
    public void The_reliability_diagram_is_calibration_curves_and_ECE_MCE_Brier_agree()
    {
        var input = Fixture.GetProperty("calibration_input");

        var result = Calibration.Of(Ints(input, "truth"), Doubles(input, "positive"));

        AssertCalibration(Fixture.GetProperty("calibration"), result);
    }

    [Fact]
    public void The_temperature_minimises_the_validation_likelihood_as_scipy_finds_it()
    {
        var input = Fixture.GetProperty("temperature_input");
        var expected = Fixture.GetProperty("temperature");
        var logits = Doubles(input, "logits");
        var truth = Ints(input, "truth");

        var temperature = TemperatureScaling.Fit(logits, truth);

        Assert.Equal(expected.GetProperty("temperature").GetDouble(), temperature, Tolerance);
        Assert.Equal(expected.GetProperty("nll_before").GetDouble(), TemperatureScaling.NegativeLogLikelihood(logits, truth, 1), Tolerance);
        Assert.Equal(expected.GetProperty("nll_after").GetDouble(), TemperatureScaling.NegativeLogLikelihood(logits, truth, temperature), Tolerance);
    }

    [Fact]
    public void McNemar_is_statsmodels_exact_binomial_and_continuity_corrected_chi_squared()
    {
        foreach (var row in Fixture.GetProperty("mcnemar").EnumerateArray())
        {
            var test = McNemarTest.Of(row.GetProperty("only_a").GetInt32(), row.GetProperty("only_b").GetInt32());

            AssertClose(row.GetProperty("exact_p").GetDouble(), test.ExactP);
            if (row.GetProperty("chi2").ValueKind == JsonValueKind.Null)
            {
                Assert.Null(test.ChiSquared);
                continue;
            }

            AssertClose(row.GetProperty("chi2").GetDouble(), test.ChiSquared!.Value);
            AssertClose(row.GetProperty("chi2_p").GetDouble(), test.ChiSquaredP!.Value);
        }
    }

    [Fact]
    public void Draws_are_numpys_integers()
    {
        foreach (var draws in Fixture.GetProperty("integers_seed_11").EnumerateObject())
        {
            var generator = new Pcg64(11);
            var high = uint.Parse(draws.Name);
            Assert.Equal(draws.Value.EnumerateArray().Select(d => d.GetInt32()), Enumerable.Range(0, 40).Select(_ => NumpyRandom.Integer(generator, high)));
        }
    }

    [Fact]
    public void The_bootstrap_interval_is_numpys_to_the_bit()
    {
        var input = Fixture.GetProperty("bootstrap_input");
        var expected = Fixture.GetProperty("bootstrap");

        var result = PairedBootstrap.Of(Bools(input, "a"), Bools(input, "b"), expected.GetProperty("seed").GetUInt64(), expected.GetProperty("resamples").GetInt32());

        Assert.Equal(expected.GetProperty("difference").GetDouble(), result.Difference);
        Assert.Equal(expected.GetProperty("low").GetDouble(), result.Low);
        Assert.Equal(expected.GetProperty("high").GetDouble(), result.High);
        Assert.True(result.Low < result.Difference && result.Difference < result.High);
    }

    internal static void AssertCalibration(JsonElement expected, CalibrationResult result)
    {
        var bins = expected.GetProperty("bins").EnumerateArray().ToArray();
        Assert.Equal(bins.Length, result.Bins.Count);
        foreach (var (bin, actual) in bins.Zip(result.Bins))
        {
            Assert.Equal(bin.GetProperty("lower").GetDouble(), actual.Lower);
            Assert.Equal(bin.GetProperty("upper").GetDouble(), actual.Upper);
            Assert.Equal(bin.GetProperty("count").GetInt32(), actual.Count);
            Assert.Equal(bin.GetProperty("mean_predicted").GetDouble(), actual.MeanPredicted, Tolerance);
            Assert.Equal(bin.GetProperty("fraction_positive").GetDouble(), actual.FractionPositive, Tolerance);
        }

        Assert.Equal(expected.GetProperty("ece").GetDouble(), result.Ece, Tolerance);
        Assert.Equal(expected.GetProperty("mce").GetDouble(), result.Mce, Tolerance);
        Assert.Equal(expected.GetProperty("brier").GetDouble(), result.Brier, Tolerance);
    }

    /// <summary>Within 1e-9, and within 1e-9 of its size for the tiny p-values far below that.</summary>
    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Min(1, Math.Abs(expected)) + double.Epsilon, $"expected {expected:R}, got {actual:R}");

    internal static double[] Doubles(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static int[] Ints(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetInt32()).ToArray();

    private static bool[] Bools(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetBoolean()).ToArray();
}
