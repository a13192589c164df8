using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;

namespace LabApp.Tests.Medium;

/// <summary>The runners over the real data and MiniLM: what they compute is the pure experiment's, and each settled run is one run log row.</summary>
public sealed class MediumRunnerTests
{
    [Fact]
    public async Task A_custom_label_set_is_one_row_and_the_same_set_again_adds_none()
    {
        var log = MediumFixtures.NewLog();
        var runner = MediumFixtures.CustomLabels(log);
        var inputs = new CustomLabelsInputs(ModelCatalog.MiniLmId, BookInputs.CustomLabelsReviews, BookInputs.FiveLevels);

        var result = await runner.RunAsync(inputs);
        await runner.RunAsync(inputs with { ModelId = "minilm" });
        await runner.RunAsync(inputs with { Labels = BookInputs.ZeroShotLabels });

        var rows = log.Find();
        Assert.Equal(2, rows.Count);
        var row = rows[1];
        Assert.Equal((CustomLabelsRunner.Page, ZeroShotExperiment.Method, ModelCatalog.MiniLmId), (row.Page, row.Method, row.ModelId));
        Assert.Equal(CustomLabelsRunner.Describe(ModelCatalog.MiniLm, result), row.Parameters);
        Assert.Contains("labels=\"extremely negative sentiment\" | \"somewhat negative sentiment\"", row.Parameters);
        var confident = result.Choices.Count(c => c.Certainty == Certainty.Confident);
        Assert.Contains($"reviews=8 confident={confident} ", row.Parameters);
        Assert.Contains("labels=\"A negative review\" | \"A positive review\"", rows[0].Parameters);
    }

    [Fact]
    public async Task Each_train_size_of_the_book_table_is_one_row_with_its_scores()
    {
        var log = MediumFixtures.NewLog();
        var runner = MediumFixtures.LimitedData(log);
        var rows = new List<LimitedDataRow>();

        await foreach (var row in runner.RunSizesAsync(new LimitedDataSettings(1000), [100, 500]))
            rows.Add(row);
        await runner.RunAsync(new LimitedDataSettings(500));

        var recorded = log.Find().Reverse().ToArray();
        Assert.Equal(["train=100", "train=500"], recorded.Select(r => r.Parameters.Split(' ')[1]));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(LimitedDataRunner.Page, recorded[i].Page);
            Assert.Equal((rows[i].Accuracy, rows[i].MacroF1, rows[i].WeightedF1, 300), (recorded[i].Accuracy, recorded[i].MacroF1, recorded[i].WeightedF1, recorded[i].TestReviews));
            Assert.EndsWith("test=300 seed=42 task_f1=—", recorded[i].Parameters);
        }
    }

    [Fact]
    public async Task A_train_size_row_is_the_pure_experiment_on_the_seeded_subsets()
    {
        var settings = new LimitedDataSettings(300, 50, Seed: 3);
        var experiment = new ExperimentSettings(settings.ModelId, settings.TrainSize, settings.TestSize, settings.Seed);
        var train = await SharedModel.Lab.PrepareAsync(experiment, "train", settings.TrainSize);
        var test = await SharedModel.Lab.PrepareAsync(experiment, "test", settings.TestSize);

        var row = await MediumFixtures.LimitedData().RunAsync(settings);

        var expected = LimitedDataExperiment.Run(train, test, settings);
        Assert.Equal((expected.WeightedF1, expected.MacroF1, expected.Accuracy), (row.WeightedF1, row.MacroF1, row.Accuracy));
        Assert.Equal(expected.FirstTestReviews, row.FirstTestReviews);
    }

    [Fact]
    public async Task A_threshold_and_measure_is_one_row_with_the_books_accuracy_on_the_predicted_reviews()
    {
        var log = MediumFixtures.NewLog();
        var runner = MediumFixtures.Confidence(log);
        var scored = await runner.ScoreAsync(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, BookInputs.ConfidenceLabels);
        var atZero = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0);
        var atHalf = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0.5);

        Assert.True(runner.Record(ModelCatalog.MiniLmId, atZero));
        Assert.False(runner.Record("minilm", ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0)));
        Assert.True(runner.Record(ModelCatalog.MiniLmId, atHalf));

        var rows = log.Find();
        Assert.Equal(2, rows.Count);
        Assert.Equal(atZero.Outcome.AccuracyOnPredicted, rows[1].Accuracy);
        Assert.Contains("measure=margin threshold=0.00 ", rows[1].Parameters);
        Assert.EndsWith("predicted=8/8 coverage=1.000", rows[1].Parameters);
        Assert.Equal(8, rows[1].TestReviews);
        // Nothing reaches a margin of 0.5 with MiniLM: the book prints an accuracy of 0 then.
        Assert.Equal(0, atHalf.Outcome.Predicted);
        Assert.Equal(0, rows[0].Accuracy);
        Assert.EndsWith("predicted=0/8 coverage=0.000", rows[0].Parameters);
    }

    [Fact]
    public async Task The_same_reviews_with_another_true_label_are_another_run()
    {
        var log = MediumFixtures.NewLog();
        var runner = MediumFixtures.Confidence(log);
        LabelledReview[] flipped = [.. ConfidenceExperiment.BookReviews.Select((r, i) => i == 0 ? r with { True = 1 - r.True } : r)];

        runner.Record(ModelCatalog.MiniLmId, ConfidenceExperiment.Analyse(await runner.ScoreAsync(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, BookInputs.ConfidenceLabels), BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0));
        runner.Record(ModelCatalog.MiniLmId, ConfidenceExperiment.Analyse(await runner.ScoreAsync(ModelCatalog.MiniLmId, flipped, BookInputs.ConfidenceLabels), BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0));

        var rows = log.Find();
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0].Parameters, rows[1].Parameters);
        Assert.Equal(1.0 / 8, Math.Abs(rows[0].Accuracy - rows[1].Accuracy), 12);
    }

    [Fact]
    public async Task Other_label_descriptions_are_another_run_named_in_its_parameters()
    {
        var log = MediumFixtures.NewLog();
        var runner = MediumFixtures.Confidence(log);
        string[] other = ["A dull film", "A wonderful film"];

        runner.Record(ModelCatalog.MiniLmId, ConfidenceExperiment.Analyse(await runner.ScoreAsync(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, BookInputs.ConfidenceLabels), BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0.15));
        runner.Record(ModelCatalog.MiniLmId, ConfidenceExperiment.Analyse(await runner.ScoreAsync(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, other), other, ConfidenceMeasure.Margin, 0.15));

        var rows = log.Find();
        Assert.Equal(2, rows.Count);
        Assert.Contains("labels=\"A negative movie review\" | \"A positive movie review\" ", rows[1].Parameters);
        Assert.Contains("labels=\"A dull film\" | \"A wonderful film\" ", rows[0].Parameters);
    }

    [Fact]
    public async Task An_edge_case_suite_is_one_row_with_the_regular_and_the_edge_case_accuracy()
    {
        var log = MediumFixtures.NewLog();
        var runner = MediumFixtures.FailureAnalysis(log);
        var analysis = await MediumFixtures.FailureAnalysisResult;

        var report = await runner.CheckEdgeCasesAsync(analysis, FailureAnalysisExperiment.BookEdgeCases);
        await runner.CheckEdgeCasesAsync(analysis, FailureAnalysisExperiment.BookEdgeCases);
        await runner.CheckEdgeCasesAsync(analysis, FailureAnalysisExperiment.BookEdgeCases.Take(3).ToArray());

        var rows = log.Find();
        Assert.Equal(2, rows.Count);
        Assert.Equal((FailureAnalysisRunner.Page, analysis.Accuracy, 200), (rows[1].Page, rows[1].Accuracy, rows[1].TestReviews));
        Assert.EndsWith($"train=1000 test=200 seed=42 edge_cases=6 edge_accuracy={BookFormat.Fixed(report.Accuracy, 3)}", rows[1].Parameters);
        Assert.Contains("edge_cases=3 ", rows[0].Parameters);
    }

    [Fact]
    public async Task A_run_cancelled_before_it_settles_is_not_recorded()
    {
        var log = MediumFixtures.NewLog();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            MediumFixtures.CustomLabels(log).RunAsync(CustomLabelsInputs.Default, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            MediumFixtures.LimitedData(log).RunAsync(LimitedDataSettings.Default, cancellationToken: cancelled.Token));

        Assert.Empty(log.Find());
    }

    [Fact]
    public async Task A_model_that_embeds_nothing_is_refused_with_the_models_that_do()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            MediumFixtures.CustomLabels().RunAsync(CustomLabelsInputs.Default with { ModelId = ModelCatalog.FlanT5SmallId }));

        Assert.Contains(ModelCatalog.MiniLmId, error.Message);
    }
}
