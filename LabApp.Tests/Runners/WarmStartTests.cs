using LabApp.Core.Experiments;
using LabApp.Core.Runners;

namespace LabApp.Tests.Runners;

public sealed class WarmStartTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(" False ", false)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    public void It_is_on_unless_the_configuration_says_false(string? configured, bool on) =>
        Assert.Equal(on, WarmStart.IsOn(configured));

    [Fact]
    public async Task It_embeds_both_splits_and_leaves_the_first_supervised_page_fitted_for_everyone()
    {
        var lab = SharedModel.Lab;
        var steps = new List<string>();
        var maps = new EmbeddingMapRunner(lab);
        var warmStart = new WarmStart(new EmbeddingPreparation(lab), lab, maps);

        await warmStart.RunAsync(new StepNames(steps), CancellationToken.None).WaitAsync(TestPatience.RealSplits);

        Assert.Equal(["Embedding the train split", "Embedding the test split", "Fitting the supervised page's classifiers", "Fitting the behavioural tests' classifiers and the embedding map"], steps.Distinct());
        var first = await lab.RunSupervisedAsync(WarmStart.FirstSupervisedPage);
        Assert.Same(first, await lab.RunSupervisedAsync(new ExperimentSettings()));
        Assert.Same(await lab.RunCentroidAsync(WarmStart.FirstSupervisedPage), await lab.RunCentroidAsync(new ExperimentSettings()));
        Assert.NotSame(first, await lab.RunSupervisedAsync(new ExperimentSettings(TrainSize: 1000)));
        Assert.Equal(1066, first.Report.Support);
        Assert.Same(await lab.TrainSplitClassifiersAsync(WarmStart.FirstSupervisedPage.ModelId), await lab.TrainSplitClassifiersAsync(new ExperimentSettings().ModelId));
        Assert.Same(await maps.MapAsync(WarmStart.FirstSupervisedPage.ModelId), await maps.MapAsync(new ExperimentSettings().ModelId));
    }

    private sealed class StepNames(List<string> names) : IProgress<RunStep>
    {
        public void Report(RunStep value)
        {
            lock (names)
                names.Add(value.Name);
        }
    }
}
