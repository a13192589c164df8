using LabApp.Core.Experiments;

namespace LabApp.Tests.Experiments;

/// <summary>
/// The chapter's embedding experiments on the real splits with the real MiniLM, against scikit-learn run on the very
/// same embeddings (tools/reference/make_minilm_parity_fixture.py).
/// </summary>
public sealed class BookExperimentsTests
{
    private static readonly System.Text.Json.JsonElement Sklearn = Fixtures.Load("sklearn-minilm-parity.json");

    [Fact]
    public async Task Logistic_regression_agrees_with_scikit_learn_on_the_whole_test_split()
    {
        var run = await SharedModel.Lab.RunSupervisedAsync(new ExperimentSettings());

        var expectedProbability = Sklearn.GetProperty("positive_probability").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expectedPredicted = Sklearn.GetProperty("predicted").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(1066, run.Predictions.Count);
        var maxDifference = run.Predictions.Select((p, i) => Math.Abs(p.Scores[1] - expectedProbability[i])).Max();
        var agreement = run.Predictions.Where((p, i) => p.Predicted == expectedPredicted[i]).Count() / 1066.0;
        Assert.True(maxDifference < 1e-3, $"max |Δp| = {maxDifference}");
        Assert.True(agreement >= 0.995, $"agreement {agreement}");
        Assert.Equal(Sklearn.GetProperty("report").GetString(), run.Report.ToString());
    }

    [Fact]
    public async Task The_centroid_variant_agrees_with_numpy_and_scikit_learn()
    {
        var run = await SharedModel.Lab.RunCentroidAsync(new ExperimentSettings());

        var expected = Sklearn.GetProperty("centroid_predicted").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var agreement = run.Predictions.Where((p, i) => p.Predicted == expected[i]).Count() / 1066.0;
        Assert.True(agreement >= 0.995, $"agreement {agreement}");
        Assert.Equal(Sklearn.GetProperty("centroid_report").GetString(), run.Report.ToString());
    }

    [Fact]
    public async Task Seeded_subsets_train_and_test_on_the_books_rows()
    {
        var run = await SharedModel.Lab.RunSupervisedAsync(new ExperimentSettings(TrainSize: 500, TestSize: 300, Seed: 42));

        Assert.Equal(300, run.Predictions.Count);
        Assert.Equal([426, 877, 480, 47, 695], run.Predictions.Take(5).Select(p => p.Index));
        Assert.InRange(run.Report.WeightedAverage.F1, 0.6, 0.9);
    }

    [Fact]
    public async Task Zero_shot_label_descriptions_change_the_outcome()
    {
        var book = await SharedModel.Lab.RunZeroShotAsync(new ExperimentSettings(TestSize: 300), ZeroShotExperiment.BookLabels);
        var other = await SharedModel.Lab.RunZeroShotAsync(new ExperimentSettings(TestSize: 300), ["A very negative movie review", "A very positive movie review"]);

        Assert.NotEqual(book.Predictions.Select(p => p.Predicted), other.Predictions.Select(p => p.Predicted));
        Assert.All(book.Predictions, p => Assert.Equal(2, p.Scores.Count));
    }

    [Fact]
    public async Task Without_the_task_specific_model_its_comparison_column_stays_empty_and_nothing_is_downloaded()
    {
        var store = new LabApp.Core.Models.ModelStore(SharedData.Settings.ModelsDir);
        Assert.False(store.HasAllFiles(LabApp.Core.Models.ModelCatalog.TwitterRoberta));

        var run = await SharedModel.Lab.TryRunTaskSpecificAsync(new ExperimentSettings(TestSize: 300));
        var row = await LabApp.Tests.Medium.MediumFixtures.LimitedData().RunAsync(new LimitedDataSettings(200));

        Assert.Null(run);
        Assert.Null(row.TaskSpecificF1);
        Assert.False(Directory.Exists(store.FolderOf(LabApp.Core.Models.ModelCatalog.TwitterRoberta)));
    }

    [Theory]
    [InlineData(new[] { "A negative review" }, "at least two")]
    [InlineData(new[] { "A negative review", "  " }, "Label 2 is empty")]
    [InlineData(new[] { "A review", "a review " }, "appears twice")]
    public async Task Bad_label_sets_are_refused_with_what_to_do(string[] labels, string expected)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => SharedModel.Lab.RunZeroShotAsync(new ExperimentSettings(TestSize: 10), labels));
        Assert.Contains(expected, e.Message);
    }
}
