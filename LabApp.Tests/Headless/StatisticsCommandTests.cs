using System.Text.Json;

namespace LabApp.Tests.Headless;

/// <summary><c>compare</c> and <c>run limited-data --seeds</c> on the real data and the embedded MiniLM.</summary>
public sealed class StatisticsCommandTests
{
    private static readonly string DataDir = RepositoryPaths.SharedData;

    private static readonly JsonElement Statistics = Fixtures.Load("statistics.json");

    [Fact]
    public async Task Compare_gives_the_2x2_table_McNemar_and_the_bootstrap_interval_statsmodels_and_numpy_give()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("compare", "--a", "supervised", "--b", "zero-shot", "--json", "--data-dir", DataDir);

        Assert.Equal(0, code);
        var result = JsonDocument.Parse(output).RootElement;
        var expected = Statistics.GetProperty("minilm_test_comparison");
        foreach (var name in new[] { "both_right", "only_a", "only_b", "both_wrong" })
            Assert.Equal(expected.GetProperty(name).GetInt32(), result.GetProperty(name).GetInt32());
        Assert.Equal(expected.GetProperty("exact_p").GetDouble(), result.GetProperty("mcnemar_p").GetDouble(), 1e-9 * expected.GetProperty("exact_p").GetDouble());
        Assert.Equal(expected.GetProperty("chi2").GetDouble(), result.GetProperty("chi2").GetDouble(), 1e-9);
        Assert.Equal(expected.GetProperty("difference").GetDouble(), result.GetProperty("accuracy_difference").GetDouble(), 1e-12);
        Assert.Equal(expected.GetProperty("low").GetDouble(), result.GetProperty("ci_low").GetDouble());
        Assert.Equal(expected.GetProperty("high").GetDouble(), result.GetProperty("ci_high").GetDouble());
        Assert.Equal(expected.GetProperty("only_a").GetInt32() + expected.GetProperty("only_b").GetInt32(), result.GetProperty("disagreements").GetArrayLength());
    }

    [Fact]
    public async Task Compare_takes_two_run_log_ids_and_makes_them_again_from_their_typed_parameters()
    {
        var logPath = Path.Combine(TestFolders.Create("compare-ids"), "runs.sqlite");
        var log = new Core.Storage.RunLog(logPath);
        var a = log.Add("a-browser", TestRuns.Supervised(train: 100, test: 50));
        var b = log.Add("a-browser", TestRuns.Supervised(train: 100, test: 50, method: "centroid"));

        var (code, output, _) = await HeadlessRunnerTests.Run("compare", "--a", $"{a.Id}", "--b", $"#{b.Id}", "--log-path", logPath, "--data-dir", DataDir);
        var (_, byMethod, _) = await HeadlessRunnerTests.Run("compare", "--a", "supervised --train-size 100", "--b", "centroid --train-size 100", "--test-size", "50", "--data-dir", DataDir);

        Assert.Equal(0, code);
        Assert.StartsWith("A: supervised · model=minilm train=100 test=50 seed=42  (accuracy ", output);
        Assert.Contains("\nB: centroid · model=minilm train=100 test=50 seed=42  (accuracy ", output);
        Assert.Equal(byMethod, output);
    }

    [Fact]
    public async Task A_run_log_id_of_a_run_that_cannot_be_made_again_says_why()
    {
        var logPath = Path.Combine(TestFolders.Create("compare-ids"), "runs.sqlite");
        var labels = new Core.Storage.RunLog(logPath).Add("a-browser", TestRuns.CustomLabels("gripping", "dull"));

        var (code, output, error) = await HeadlessRunnerTests.Run("compare", "--a", $"{labels.Id}", "--b", "supervised", "--log-path", logPath, "--data-dir", DataDir);

        Assert.Equal((2, ""), (code, output));
        Assert.Equal($"error: --a: Run {labels.Id} (custom-labels, zero-shot) cannot be compared: its reviews are your own and have no true labels.", error.Trim());
    }

    [Theory]
    [InlineData("supervised --bogus 3", "zero-shot", "--a \"supervised --bogus 3\": Unknown option '--bogus' for '--a'")]
    [InlineData("supervised", "generative", "--b: 'generative' cannot be compared: use supervised, centroid, zero-shot, task-specific, or a run-log id.")]
    [InlineData("supervised --model nomodel", "zero-shot", "--a: unknown embedding model 'nomodel'")]
    public async Task A_side_that_cannot_be_compared_is_one_line_and_exit_2(string a, string b, string message)
    {
        var (code, output, error) = await HeadlessRunnerTests.Run("compare", "--a", a, "--b", b, "--data-dir", DataDir);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith($"error: {message}", error.Trim());
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Supervised_json_has_selective_prediction_calibration_and_the_temperature()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "supervised", "--json", "--data-dir", DataDir);

        Assert.Equal(0, code);
        var result = JsonDocument.Parse(output).RootElement;
        var expected = Statistics.GetProperty("minilm_test_supervised");
        Assert.Equal("predicted_probability", result.GetProperty("confidence").GetString());
        Assert.Equal(expected.GetProperty("selective").GetProperty("aurc").GetDouble(), result.GetProperty("selective").GetProperty("aurc").GetDouble(), 1e-9);
        Assert.Equal(1066, result.GetProperty("selective").GetProperty("curve").GetArrayLength());
        Assert.Equal(["lower", "upper", "count", "mean_predicted", "fraction_positive"], result.GetProperty("calibration").GetProperty("bins")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(expected.GetProperty("calibration").GetProperty("brier").GetDouble(), result.GetProperty("calibration").GetProperty("brier").GetDouble(), 1e-9);
        var temperature = result.GetProperty("temperature");
        Assert.True(temperature.GetProperty("ece_after").GetDouble() < temperature.GetProperty("ece_before").GetDouble());
    }

    [Fact]
    public async Task The_seed_band_is_each_seeds_own_run_with_their_mean_and_sample_standard_deviation()
    {
        var (code, output, _) = await HeadlessRunnerTests.Run("run", "limited-data", "--seeds", "42,0", "--train-size", "100", "1000", "--json", "--data-dir", DataDir);
        var (_, seedZero, _) = await HeadlessRunnerTests.Run("run", "limited-data", "--seed", "0", "--train-size", "100", "1000", "--json", "--data-dir", DataDir);

        Assert.Equal(0, code);
        var band = JsonDocument.Parse(output).RootElement;
        Assert.Equal("sample (ddof=1)", band.GetProperty("std_kind").GetString());
        var book = Fixtures.Load("medium-tasks-2-4.json").GetProperty("limited_data_rows").EnumerateArray().ToDictionary(r => r.GetProperty("train_size").GetInt32(), r => r.GetProperty("embedding_f1").GetDouble());
        var alone = JsonDocument.Parse(seedZero).RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("train_size").GetInt32(), r => r.GetProperty("embedding_f1").GetDouble());
        foreach (var size in band.GetProperty("sizes").EnumerateArray())
        {
            var n = size.GetProperty("train_size").GetInt32();
            var perSeed = size.GetProperty("per_seed").EnumerateArray().ToDictionary(s => s.GetProperty("seed").GetUInt64(), s => s.GetProperty("f1").GetDouble());
            Assert.Equal(book[n], perSeed[42], 5e-4);
            Assert.Equal(alone[n], perSeed[0]);
            var mean = (perSeed[42] + perSeed[0]) / 2;
            Assert.Equal(mean, size.GetProperty("mean").GetDouble(), 1e-15);
            Assert.Equal(Math.Abs(perSeed[42] - perSeed[0]) / Math.Sqrt(2), size.GetProperty("std").GetDouble(), 1e-15);
        }
    }

    [Fact]
    public async Task Seeds_that_are_not_numbers_are_named()
    {
        var (code, _, error) = await HeadlessRunnerTests.Run("run", "limited-data", "--seeds", "42,x", "--data-dir", DataDir);

        Assert.Equal(2, code);
        Assert.Contains("--seeds: 'x' is not a seed", error);
    }
}
