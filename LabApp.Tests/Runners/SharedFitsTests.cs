using LabApp.Core.Experiments;
using LabApp.Core.Runners;

namespace LabApp.Tests.Runners;

/// <summary>
/// The fits a class asks for all at once (a limited-data size, the failure analysis's classifier) are fitted once per
/// full settings and shared: every student gets the same result, and it is the pure experiment's.
/// </summary>
public sealed class SharedFitsTests
{
    [Fact]
    public async Task Students_training_the_same_size_at_once_share_one_row_that_is_the_pure_experiments()
    {
        var lab = SharedModel.Lab;
        var settings = new LimitedDataSettings(250, 60, Seed: 11);

        var rows = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => lab.RunLimitedDataAsync(settings)));

        Assert.All(rows, row => Assert.Same(rows[0], row));
        var experiment = new ExperimentSettings(settings.ModelId, settings.TrainSize, settings.TestSize, settings.Seed);
        var expected = LimitedDataExperiment.Run(
            await lab.PrepareAsync(experiment, "train", settings.TrainSize),
            await lab.PrepareAsync(experiment, "test", settings.TestSize),
            settings,
            await lab.TryRunTaskSpecificAsync(experiment));
        Assert.Equal(settings, rows[0].Settings);
        Assert.Equal((expected.WeightedF1, expected.MacroF1, expected.Accuracy, expected.TaskSpecificF1), (rows[0].WeightedF1, rows[0].MacroF1, rows[0].Accuracy, rows[0].TaskSpecificF1));
        Assert.Equal(expected.FirstTestReviews, rows[0].FirstTestReviews);
    }

    [Fact]
    public async Task Another_seed_or_size_is_another_fit()
    {
        var lab = SharedModel.Lab;
        var settings = new LimitedDataSettings(120, 40, Seed: 13);

        var row = await lab.RunLimitedDataAsync(settings);
        var otherSeed = await lab.RunLimitedDataAsync(settings with { Seed = 14 });
        var otherSize = await lab.RunLimitedDataAsync(settings with { TrainSize = 121 });

        Assert.Same(row, await lab.RunLimitedDataAsync(settings with { }));
        Assert.Equal((14UL, 120), (otherSeed.Seed, otherSeed.TrainSize));
        Assert.Equal((13UL, 121), (otherSize.Seed, otherSize.TrainSize));
        Assert.NotSame(row, otherSeed);
        Assert.NotSame(row, otherSize);
    }

    [Fact]
    public async Task Training_reviews_of_one_class_fail_for_every_caller_and_are_tried_again_each_time()
    {
        var lab = SharedModel.Lab;
        var oneReview = new LimitedDataSettings(1, 20, Seed: 42);

        var first = await Assert.ThrowsAsync<ArgumentException>(() => lab.RunLimitedDataAsync(oneReview));
        var again = await Assert.ThrowsAsync<ArgumentException>(() => lab.RunLimitedDataAsync(oneReview));

        Assert.Contains("logistic regression needs both classes", first.Message);
        Assert.Equal(first.Message, again.Message);
    }

    [Fact]
    public async Task Students_opening_the_failure_analysis_at_once_share_one_classifier_that_is_the_pure_experiments()
    {
        var lab = SharedModel.Lab;
        var settings = FailureAnalysisExperiment.Settings with { Seed = 5 };

        var analyses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => lab.AnalyseFailuresAsync(settings)));

        Assert.All(analyses, analysis => Assert.Same(analyses[0], analysis));
        var expected = FailureAnalysisExperiment.Run(
            await lab.PrepareAsync(settings, "train", settings.TrainSize),
            await lab.PrepareAsync(settings, "test", settings.TestSize),
            settings);
        Assert.Equal(expected.Reviews, analyses[0].Reviews);
        Assert.Equal(expected.Model.Coefficients.SelectMany(c => c), analyses[0].Model.Coefficients.SelectMany(c => c));
        Assert.Equal(expected.Model.Intercepts, analyses[0].Model.Intercepts);
        Assert.NotSame(analyses[0], await lab.AnalyseFailuresAsync(settings with { Seed = 6 }));
    }
}
