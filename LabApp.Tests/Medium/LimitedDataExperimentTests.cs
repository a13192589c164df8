using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Hub;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Tests.Inference;

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
        // No task-specific model here: the book's 300 test reviews are compared with the book's printed F1.
        Assert.Null(row.TaskSpecificF1);
        Assert.Equal(TaskF1Source.Book, row.TaskComparison?.Source);
        Assert.Equal(row.WeightedF1 > 0.7709 ? Approach.Embed : Approach.Task, row.Winner);
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
    [InlineData(0, 300)]
    [InlineData(8531, 300)]
    [InlineData(1000, 0)]
    [InlineData(1000, 1067)]
    public async Task Sizes_outside_the_splits_are_refused_with_the_allowed_range(int trainSize, int testSize)
    {
        Assert.NotNull(LimitedDataExperiment.Check(new LimitedDataSettings(trainSize, testSize), 8530, 1066));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => MediumFixtures.LimitedData().RunAsync(new LimitedDataSettings(trainSize, testSize)));
        Assert.Contains("Choose", error.Message);
    }

    [Fact]
    public async Task Any_size_from_1_trains_once_the_seeded_reviews_hold_both_classes()
    {
        var train = SharedData.Load("train");
        var labels = train.SeededSubset(100, 42).Select(i => train.Labels[i]).ToArray();
        var bothClasses = Array.FindIndex(labels, l => l != labels[0]) + 1;
        var sentiment = labels[0] == 1 ? "positive" : "negative";

        var one = await Assert.ThrowsAsync<ArgumentException>(() => MediumFixtures.LimitedData().RunAsync(new LimitedDataSettings(1)));
        Assert.Equal($"The first training review of train.shuffle(seed=42) is {sentiment}: logistic regression needs both classes, so choose a larger training size.", one.Message);
        if (bothClasses > 2)
        {
            var few = await Assert.ThrowsAsync<ArgumentException>(() => MediumFixtures.LimitedData().RunAsync(new LimitedDataSettings(bothClasses - 1)));
            Assert.StartsWith($"The first {bothClasses - 1} training reviews of train.shuffle(seed=42) are all {sentiment}:", few.Message);
        }

        var row = await MediumFixtures.LimitedData().RunAsync(new LimitedDataSettings(bothClasses));
        Assert.Equal(bothClasses, row.TrainSize);
        Assert.InRange(row.WeightedF1, 0, 1);
    }

    [Theory]
    [InlineData(0.87, 0.77, LimitedDataVerdict.EmbeddingWins, Approach.Embed, "Embedding approach WINS with 1000 samples!")]
    [InlineData(0.77, 0.77, LimitedDataVerdict.Tied, Approach.Task, "Essentially TIED - both perform similarly")]
    [InlineData(0.765, 0.77, LimitedDataVerdict.Tied, Approach.Task, "Essentially TIED - both perform similarly")]
    [InlineData(0.75, 0.77, LimitedDataVerdict.TaskSpecificWins, Approach.Task, "Task-specific model wins - embedding needs more data")]
    public void The_verdict_and_the_winner_follow_the_books_rules(double embedding, double task, LimitedDataVerdict verdict, Approach winner, string text)
    {
        var row = new LimitedDataRow(new LimitedDataSettings(1000), embedding, embedding, embedding, task, []);

        Assert.Equal(verdict, row.Verdict);
        Assert.Equal(winner, row.Winner);
        Assert.Equal(text, row.VerdictText);
        Assert.Equal(embedding - task, row.Difference);
    }

    [Theory]
    [InlineData(300, 7)]
    [InlineData(200, 42)]
    [InlineData(1066, 42)]
    public void Without_the_task_specific_model_other_test_reviews_than_the_books_have_no_difference_winner_or_verdict(int testSize, ulong seed)
    {
        var row = new LimitedDataRow(new LimitedDataSettings(1000, testSize, seed), 0.8, 0.8, 0.8, null, []);

        Assert.False(LimitedDataExperiment.HasBookTestReviews(row.Settings));
        Assert.Null(row.TaskComparison);
        Assert.Null(row.ComparedTaskF1);
        Assert.Null(row.Difference);
        Assert.Null(row.Winner);
        Assert.Null(row.Verdict);
        Assert.Null(row.VerdictText);
        Assert.Equal(
            "The task-specific model (cardiffnlp/twitter-roberta-base-sentiment-latest) is not on this machine: on the book's test reviews the book's printed F1 stands in, " +
            "on other test reviews its F1, the difference and the winner are left out. For its own figure, put model.onnx, vocab.json, merges.txt, config.json in /m/cardiffnlp (or download it on the /task-specific page).",
            LimitedDataExperiment.TaskSpecificMissing("/m/cardiffnlp"));
    }

    [Fact]
    public void Without_the_task_specific_model_the_books_300_test_reviews_are_compared_with_the_books_printed_task_F1()
    {
        var row = new LimitedDataRow(new LimitedDataSettings(1000, 300, 42), 0.8699, 0.8699, 0.8699, null, []);

        Assert.True(LimitedDataExperiment.HasBookTestReviews(row.Settings));
        Assert.Null(row.TaskSpecificF1);
        Assert.Equal(new TaskF1Comparison(0.7709, TaskF1Source.Book, "book's twitter-roberta F1 on these 300 reviews"), row.TaskComparison);
        Assert.Equal(0.7709, row.ComparedTaskF1);
        Assert.Equal(0.8699 - 0.7709, row.Difference);
        Assert.Equal(Approach.Embed, row.Winner);
        // The book's own verdict for its run at 1000.
        Assert.Equal("Embedding approach WINS with 1000 samples!", row.VerdictText);
    }

    [Fact]
    public void The_books_task_F1_is_the_comparison_at_every_training_size_and_for_every_embedding_model()
    {
        var rows = LimitedDataExperiment.BookSizes
            .SelectMany(size => new[] { ModelCatalog.MiniLmId, ModelCatalog.MpnetId }.Select(model => new LimitedDataSettings(size, 300, 42, model)))
            .Select(settings => new LimitedDataRow(settings, 0.75, 0.75, 0.75, null, []))
            .ToArray();

        Assert.All(rows, r => Assert.Equal(TaskF1Comparison.Book, r.TaskComparison));
        Assert.All(rows, r => Assert.Equal(Approach.Task, r.Winner));
        Assert.All(rows, r => Assert.Equal(LimitedDataVerdict.TaskSpecificWins, r.Verdict));
    }

    [Fact]
    public void With_the_task_specific_model_run_here_its_own_F1_is_the_comparison_even_on_the_books_test_reviews()
    {
        var row = new LimitedDataRow(new LimitedDataSettings(1000, 300, 42), 0.805, 0.805, 0.805, 0.81, []);

        Assert.Equal(new TaskF1Comparison(0.81, TaskF1Source.Lab, "twitter-roberta F1 on these 300 reviews, run here"), row.TaskComparison);
        Assert.Equal(0.81, row.TaskSpecificF1);
        Assert.Equal(0.805 - 0.81, row.Difference);
        Assert.Equal(Approach.Task, row.Winner);
        Assert.Equal(LimitedDataVerdict.Tied, row.Verdict);
    }

    [Fact]
    public async Task With_the_task_specific_model_present_each_row_has_its_F1_and_predictions_beside_the_embeddings()
    {
        using var tiny = TinyModelFolder.Sentiment();
        var models = TestFolders.Create("task-specific-present");
        var folder = Path.Combine(models, "cardiffnlp", "twitter-roberta-base-sentiment-latest");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(tiny.Path))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));

        var store = new ModelStore(models);
        using var classifiers = new ClassifierModels(new ModelProvider(store, new HubClient(new HttpClient(), SharedData.Settings.Hub), new DownloadMonitor()), InferenceDevice.Current, SharedModel.Scheduler);
        var lab = new ClassificationLab(SharedData.RottenTomatoes, MediumFixtures.Embeddings, classifiers, store);
        using var student = new TestStudent();
        var runner = new LimitedDataRunner(lab, student.Runs, TimeProvider.System);
        var settings = new LimitedDataSettings(500, 60);

        var row = await runner.RunAsync(settings);
        var task = await lab.RunTaskSpecificAsync(new ExperimentSettings(TestSize: 60));

        Assert.Equal(task.Report.WeightedAverage.F1, row.TaskSpecificF1);
        Assert.Equal(TaskF1Comparison.Lab(task.Report.WeightedAverage.F1, 60), row.TaskComparison);
        Assert.Equal(task.Predictions.Take(5).Select(p => (int?)p.Predicted), row.FirstTestReviews.Select(r => r.TaskSpecific));
        Assert.Equal(row.FirstTestReviews.Select(r => r.TaskSpecific == r.True), row.FirstTestReviews.Select(r => r.TaskSpecificIsCorrect!.Value));
        Assert.Equal(row.WeightedF1 > task.Report.WeightedAverage.F1 ? Approach.Embed : Approach.Task, row.Winner);
        Assert.NotNull(row.VerdictText);
        student.Settle();
        var logged = Assert.Single(student.Log.Find());
        Assert.Equal(new LimitedDataHeadline(row.WeightedF1, row.TaskSpecificF1), logged.Headline);
        Assert.EndsWith($"task_f1={BookFormat.Fixed(row.TaskSpecificF1!.Value, 4)}", logged.Description);
        Assert.Equal(folder, runner.TaskSpecificFolder);
    }
}
