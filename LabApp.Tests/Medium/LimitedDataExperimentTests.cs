using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Tests.Medium;

public sealed class LimitedDataExperimentTests
{
    [Fact]
    public async Task A_thousand_training_reviews_give_a_weighted_F1_between_06_and_095()
    {
        var row = await MediumFixtures.LimitedData().RunAsync(new LimitedDataSettings(1000));

        Assert.Equal(1000, row.TrainSize);
        Assert.Equal(300, row.TestSize);
        Assert.InRange(row.WeightedF1, 0.6, 0.95);
        Assert.InRange(row.Accuracy, 0.6, 0.95);
        Assert.Null(row.TaskSpecificF1);
    }

    [Fact]
    public async Task The_book_table_has_one_row_per_size_in_order()
    {
        var table = LimitedDataTable.Empty;
        await foreach (var row in MediumFixtures.LimitedData().RunSizesAsync(new LimitedDataSettings(1000), LimitedDataExperiment.BookSizes))
            table = table.With(row);

        Assert.Equal(LimitedDataExperiment.BookSizes, table.Rows.Select(r => r.TrainSize));
        Assert.All(table.Rows, r => Assert.InRange(r.WeightedF1, 0.55, 0.95));
        // More data should not make the classifier much worse: 5000 reviews beat 100.
        Assert.True(table.Rows[^1].WeightedF1 > table.Rows[0].WeightedF1, string.Join(", ", table.Rows.Select(r => r.WeightedF1)));
    }

    [Fact]
    public async Task The_first_five_test_reviews_are_the_seeded_subsets_first_five()
    {
        var row = await MediumFixtures.LimitedData().RunAsync(new LimitedDataSettings(100, 20, Seed: 7));
        var test = SharedData.Load("test");
        var expected = test.SeededSubset(5, 7).Select(i => test.Texts[i]);

        Assert.Equal(expected, row.FirstTestReviews.Select(r => r.Text));
        Assert.All(row.FirstTestReviews, r => Assert.InRange(r.Confidence, 0.5, 1.0));
        Assert.Equal(20, row.TestSize);
    }

    [Fact]
    public void Trying_the_same_settings_again_replaces_the_row()
    {
        LimitedDataRow Row(int size, double f1) => new(new LimitedDataSettings(size), f1, f1, f1, null, []);

        var table = LimitedDataTable.Empty.With(Row(500, 0.7)).With(Row(100, 0.6)).With(Row(500, 0.8));

        Assert.Equal([100, 500], table.Rows.Select(r => r.TrainSize));
        Assert.Equal(0.8, table.Rows[1].WeightedF1);
        var curve = Assert.Single(table.LearningCurves);
        Assert.Equal([100, 500], curve.TrainSizes);
        Assert.Equal([0.6, 0.8], curve.WeightedF1);
    }

    [Fact]
    public void Rows_of_another_test_subset_or_model_make_another_learning_curve()
    {
        var table = LimitedDataTable.Empty
            .With(new LimitedDataRow(new LimitedDataSettings(100, 300, 42), 0.6, 0.6, 0.6, null, []))
            .With(new LimitedDataRow(new LimitedDataSettings(100, 300, 7), 0.65, 0.65, 0.65, null, []))
            .With(new LimitedDataRow(new LimitedDataSettings(500, 300, 42), 0.7, 0.7, 0.7, null, []))
            .With(new LimitedDataRow(new LimitedDataSettings(500, 300, 42, ModelCatalog.MpnetId), 0.8, 0.8, 0.8, null, []));

        Assert.Equal(
            [(ModelCatalog.MiniLmId, 300, 7UL, 1), (ModelCatalog.MiniLmId, 300, 42UL, 2), (ModelCatalog.MpnetId, 300, 42UL, 1)],
            table.LearningCurves.Select(c => (c.ModelId, c.TestSize, c.Seed, c.TrainSizes.Count)).OrderBy(c => c.ModelId).ThenBy(c => c.Seed));
    }

    [Theory]
    [InlineData(99, 300)]
    [InlineData(8531, 300)]
    [InlineData(1000, 0)]
    [InlineData(1000, 1067)]
    public async Task Sizes_outside_the_splits_are_refused_with_the_allowed_range(int trainSize, int testSize)
    {
        Assert.NotNull(LimitedDataExperiment.Check(new LimitedDataSettings(trainSize, testSize), 8530, 1066));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => MediumFixtures.LimitedData().RunAsync(new LimitedDataSettings(trainSize, testSize)));
        Assert.Contains("Choose", error.Message);
    }
}
