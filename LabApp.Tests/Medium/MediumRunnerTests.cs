using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;

namespace LabApp.Tests.Medium;

/// <summary>The runners over the real data and MiniLM: what they compute is the pure experiment's, and each settled run is one run log row.</summary>
public sealed class MediumRunnerTests
{
    [Fact]
    public async Task A_custom_label_set_is_one_row_without_scores_and_the_same_set_again_adds_none()
    {
        using var student = new TestStudent();
        var runner = MediumFixtures.CustomLabels(student);
        var inputs = new CustomLabelsInputs(ModelCatalog.MiniLmId, BookInputs.CustomLabelsReviews, BookInputs.FiveLevels);

        var result = await runner.RunAsync(inputs);
        student.Settle();
        await runner.RunAsync(inputs with { ModelId = "minilm" });
        student.Settle();
        await runner.RunAsync(inputs with { Labels = BookInputs.ZeroShotLabels });
        student.Settle();

        var rows = student.Log.Find();
        Assert.Equal(2, rows.Count);
        var row = rows[1];
        Assert.Equal((CustomLabelsRunner.Page, ZeroShotExperiment.Method, ModelCatalog.MiniLmId, "custom-labels"), (row.Page, row.Method, row.ModelId, row.Kind));
        Assert.Equal(new CustomLabelsParameters(ModelCatalog.MiniLmId, [.. result.Labels]), row.Parameters);
        var uncertain = result.Choices.Count(c => c.Certainty != Certainty.Confident);
        Assert.Equal(new CustomLabelsHeadline(8, uncertain, result.Choices.Average(c => c.Margin)), row.Headline);
        // The reviews have no true labels: no accuracy, F1 or test reviews at all.
        Assert.Null(row.Scores);
        Assert.Contains("labels=\"extremely negative sentiment\" | \"somewhat negative sentiment\"", row.Description);
        Assert.Contains($"reviews=8 uncertain={uncertain} mean_margin=", row.Description);
        Assert.Equal(new CustomLabelsParameters(ModelCatalog.MiniLmId, ["A negative review", "A positive review"]), rows[0].Parameters);
    }

    [Fact]
    public async Task A_label_set_replaced_before_it_settled_is_not_logged()
    {
        using var student = new TestStudent();
        var runner = MediumFixtures.CustomLabels(student);
        var inputs = new CustomLabelsInputs(ModelCatalog.MiniLmId, BookInputs.CustomLabelsReviews, BookInputs.ZeroShotLabels);

        await runner.RunAsync(inputs with { Labels = ["A negative review", "A posit"] });
        student.Clock.Advance(SettledRuns.SettleTime / 2);
        await runner.RunAsync(inputs);
        student.Settle();

        Assert.Equal(new CustomLabelsParameters(ModelCatalog.MiniLmId, ["A negative review", "A positive review"]), Assert.Single(student.Log.Find()).Parameters);
    }

    [Fact]
    public async Task Each_train_size_of_the_book_table_is_one_row_with_its_scores()
    {
        using var student = new TestStudent();
        var runner = MediumFixtures.LimitedData(student);
        var rows = new List<LimitedDataRow>();

        await foreach (var row in runner.RunSizesAsync(new LimitedDataSettings(1000), [100, 500]))
            rows.Add(row);
        await runner.RunAsync(new LimitedDataSettings(500));
        student.Settle();

        var recorded = student.Log.Find().Reverse().ToArray();
        Assert.Equal(2, recorded.Length);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal((LimitedDataRunner.Page, "limited-data"), (recorded[i].Page, recorded[i].Kind));
            Assert.Equal(new LimitedDataParameters(ModelCatalog.MiniLmId, rows[i].TrainSize, 300, 42), recorded[i].Parameters);
            Assert.Equal(new RunScores(rows[i].Accuracy, rows[i].MacroF1, rows[i].WeightedF1, 300), recorded[i].Scores);
            Assert.Equal(new LimitedDataHeadline(rows[i].WeightedF1, TaskF1: null), recorded[i].Headline);
            Assert.EndsWith($"test=300 seed=42 embedding_f1={BookFormat.Fixed(rows[i].WeightedF1, 4)} task_f1=—", recorded[i].Description);
        }

        Assert.Equal([100, 500], rows.Select(r => r.TrainSize));
    }

    [Fact]
    public async Task Each_size_and_seed_of_a_seed_band_is_one_row_that_names_the_bands_seeds()
    {
        using var student = new TestStudent();
        var runner = MediumFixtures.LimitedData(student);
        var rows = new List<LimitedDataRow>();

        await foreach (var row in runner.RunSeedsAsync(new LimitedDataSettings(1000, 100), [100], [42, 7]))
            rows.Add(row);
        student.Settle();

        var recorded = student.Log.Find().Reverse().ToArray();
        RunParameters[] expected = [new SeedBandParameters(ModelCatalog.MiniLmId, 100, 100, 42, [42, 7]), new SeedBandParameters(ModelCatalog.MiniLmId, 100, 100, 7, [42, 7])];
        Assert.Equal(expected, recorded.Select(r => r.Parameters));
        Assert.Equal(rows.Select(r => new LimitedDataHeadline(r.WeightedF1, null)), recorded.Select(r => r.Headline));
        Assert.All(recorded, r => Assert.Equal("seed-band", r.Kind));
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
        using var student = new TestStudent();
        var runner = MediumFixtures.Confidence(student);
        var scored = await runner.ScoreAsync(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, BookInputs.ConfidenceLabels);
        var atZero = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0);
        var atHalf = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0.5);

        Assert.False((await student.Settle(runner.Record(ModelCatalog.MiniLmId, atZero)))!.IsEarlier);
        Assert.True((await student.Settle(runner.Record("minilm", ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0))))!.IsEarlier);
        Assert.False((await student.Settle(runner.Record(ModelCatalog.MiniLmId, atHalf)))!.IsEarlier);

        var rows = student.Log.Find();
        Assert.Equal(2, rows.Count);
        Assert.Equal(new ConfidenceParameters(ModelCatalog.MiniLmId, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0), rows[1].Parameters);
        Assert.Equal(new ConfidenceHeadline(1, atZero.Outcome.AccuracyOnPredicted, 8, 8), rows[1].Headline);
        Assert.Equal((atZero.Outcome.AccuracyOnPredicted, 8), (rows[1].Scores!.Accuracy, rows[1].Scores!.Reviews));
        Assert.Contains("measure=margin threshold=0.00 ", rows[1].Description);
        Assert.EndsWith($"predicted=8/8 coverage=1.000 accuracy_on_predicted={BookFormat.Fixed(atZero.Outcome.AccuracyOnPredicted!.Value, 3)}", rows[1].Description);
        // Nothing reaches a margin of 0.5 with MiniLM: the book prints an accuracy of 0 then, the headline none.
        Assert.Equal(0, atHalf.Outcome.Predicted);
        Assert.Equal(0, rows[0].Scores!.Accuracy);
        Assert.Equal(new ConfidenceHeadline(0, null, 0, 8), rows[0].Headline);
        Assert.EndsWith("predicted=0/8 coverage=0.000 accuracy_on_predicted=—", rows[0].Description);
    }

    [Fact]
    public async Task A_slider_dragged_through_thresholds_logs_only_the_one_it_rests_on()
    {
        using var student = new TestStudent();
        var runner = MediumFixtures.Confidence(student);
        var scored = await runner.ScoreAsync(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, BookInputs.ConfidenceLabels);
        ConfidenceResult At(double threshold) => ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, threshold);

        var passed = new[] { 0.05, 0.06, 0.07 }.Select(t =>
        {
            var handed = runner.Record(ModelCatalog.MiniLmId, At(t));
            student.Clock.Advance(TimeSpan.FromMilliseconds(40));
            return handed;
        }).ToArray();
        var rested = await student.Settle(runner.Record(ModelCatalog.MiniLmId, At(0.08)));

        Assert.All(await Task.WhenAll(passed), Assert.Null);
        Assert.Equal(0.08, ((ConfidenceParameters)rested!.Parameters).Threshold);
        Assert.Equal(rested.Id, Assert.Single(student.Log.Find()).Id);
    }

    [Fact]
    public async Task The_same_reviews_with_another_true_label_are_another_run()
    {
        using var student = new TestStudent();
        var runner = MediumFixtures.Confidence(student);
        LabelledReview[] flipped = [.. ConfidenceExperiment.BookReviews.Select((r, i) => i == 0 ? r with { True = 1 - r.True } : r)];

        await student.Settle(runner.Record(ModelCatalog.MiniLmId, ConfidenceExperiment.Analyse(await runner.ScoreAsync(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, BookInputs.ConfidenceLabels), BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0)));
        await student.Settle(runner.Record(ModelCatalog.MiniLmId, ConfidenceExperiment.Analyse(await runner.ScoreAsync(ModelCatalog.MiniLmId, flipped, BookInputs.ConfidenceLabels), BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0)));

        var rows = student.Log.Find();
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0].Parameters, rows[1].Parameters);
        Assert.Equal(1.0 / 8, Math.Abs(rows[0].Scores!.Accuracy - rows[1].Scores!.Accuracy), 12);
    }

    [Fact]
    public async Task Other_label_descriptions_are_another_run_named_in_its_parameters()
    {
        using var student = new TestStudent();
        var runner = MediumFixtures.Confidence(student);
        string[] other = ["A dull film", "A wonderful film"];

        await student.Settle(runner.Record(ModelCatalog.MiniLmId, ConfidenceExperiment.Analyse(await runner.ScoreAsync(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, BookInputs.ConfidenceLabels), BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0.15)));
        await student.Settle(runner.Record(ModelCatalog.MiniLmId, ConfidenceExperiment.Analyse(await runner.ScoreAsync(ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, other), other, ConfidenceMeasure.Margin, 0.15)));

        var rows = student.Log.Find();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["A negative movie review", "A positive movie review"], ((ConfidenceParameters)rows[1].Parameters).Labels);
        Assert.Equal(other, ((ConfidenceParameters)rows[0].Parameters).Labels);
        Assert.Contains("labels=\"A dull film\" | \"A wonderful film\" ", rows[0].Description);
    }

    [Fact]
    public async Task An_edge_case_suite_is_one_row_with_the_regular_and_the_edge_case_accuracy()
    {
        using var student = new TestStudent();
        var runner = MediumFixtures.FailureAnalysis(student);
        var analysis = await MediumFixtures.FailureAnalysisResult;

        var report = await runner.CheckEdgeCasesAsync(analysis, FailureAnalysisExperiment.BookEdgeCases);
        student.Settle();
        await runner.CheckEdgeCasesAsync(analysis, FailureAnalysisExperiment.BookEdgeCases);
        student.Settle();
        await runner.CheckEdgeCasesAsync(analysis, FailureAnalysisExperiment.BookEdgeCases.Take(3).ToArray());
        student.Settle();

        var rows = student.Log.Find();
        Assert.Equal(2, rows.Count);
        Assert.Equal((FailureAnalysisRunner.Page, analysis.Accuracy, 200), (rows[1].Page, rows[1].Scores!.Accuracy, rows[1].Scores!.Reviews));
        Assert.Equal(new FailureAnalysisParameters(ModelCatalog.MiniLmId, 1000, 200, 42, 6), rows[1].Parameters);
        Assert.Equal(new FailureAnalysisHeadline(analysis.Accuracy, analysis.FalsePositives, analysis.FalseNegatives, report.Accuracy), rows[1].Headline);
        Assert.EndsWith($"edge_accuracy={BookFormat.Fixed(report.Accuracy, 3)}", rows[1].Description);
        Assert.Equal(3, ((FailureAnalysisParameters)rows[0].Parameters).EdgeCases);
    }

    [Fact]
    public async Task A_run_cancelled_before_it_settles_is_not_recorded()
    {
        using var student = new TestStudent();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            MediumFixtures.CustomLabels(student).RunAsync(CustomLabelsInputs.Default, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            MediumFixtures.LimitedData(student).RunAsync(LimitedDataSettings.Default, cancellationToken: cancelled.Token));
        student.Settle();

        Assert.Empty(student.Log.Find());
    }

    [Fact]
    public async Task A_model_that_embeds_nothing_is_refused_with_the_models_that_do()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            MediumFixtures.CustomLabels().RunAsync(CustomLabelsInputs.Default with { ModelId = ModelCatalog.FlanT5SmallId }));

        Assert.Contains(ModelCatalog.MiniLmId, error.Message);
    }
}
