using LabApp.Core.Experiments;

namespace LabApp.Tests.Medium;

public sealed class ConfidenceExperimentTests
{
    [Fact]
    public async Task On_the_test_split_coverage_is_1_at_threshold_0_and_never_rises_with_the_threshold()
    {
        var scored = await MediumFixtures.ScoredTestSplit;

        var result = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0.3);

        Assert.Equal(1066, scored.Count);
        Assert.Equal(1.0, result.Curve[0].Coverage);
        Assert.True(result.Curve.Zip(result.Curve.Skip(1)).All(p => p.Second.Coverage <= p.First.Coverage));
        Assert.True(result.Curve[^1].Coverage < 0.5, $"coverage at 0.5: {result.Curve[^1].Coverage}");
        // At threshold 0 every review is predicted, so accuracy on predicted is the zero-shot accuracy.
        var accuracy = scored.Count(r => r.IsCorrect) / 1066.0;
        Assert.Equal(accuracy, result.Curve[0].AccuracyOnPredicted);
        Assert.InRange(accuracy, 0.6, 0.9);
    }

    [Fact]
    public async Task Confident_predictions_are_more_often_right()
    {
        var scored = await MediumFixtures.ScoredTestSplit;

        var result = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0.05);

        Assert.True(result.Outcome.AccuracyOnPredicted > result.Curve[0].AccuracyOnPredicted,
            $"{result.Outcome.AccuracyOnPredicted} at 0.05 against {result.Curve[0].AccuracyOnPredicted} at 0");
    }

    [Fact]
    public async Task The_log_holds_the_four_fixed_thresholds_then_the_current_one()
    {
        var scored = await MediumFixtures.ScoredTestSplit;

        var result = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.MaxSimilarity, 0.12);

        Assert.Equal([0.05, 0.15, 0.30, 0.50, 0.12], result.Log.Select(o => o.Threshold));
        Assert.Equal(result.Outcome, result.Log[^1]);
        Assert.Equal(result.Reviews.Max(r => r.Confidence), result.HighestConfidence);
        Assert.All(result.Curve.Where(o => o.Threshold > result.HighestConfidence), o => Assert.Equal(0, o.Predicted));
        foreach (var outcome in result.Log)
        {
            var predicted = scored.Where(r => r.BestSimilarity - 0.5 >= outcome.Threshold).ToArray();
            Assert.Equal(predicted.Length, outcome.Predicted);
            Assert.Equal(predicted.Count(r => r.IsCorrect), outcome.Correct);
        }
    }

    [Fact]
    public async Task Each_review_is_predicted_exactly_when_its_confidence_reaches_the_threshold()
    {
        var scored = await MediumFixtures.Confidence().ScoreAsync(LabApp.Core.Models.ModelCatalog.MiniLmId, ConfidenceExperiment.BookReviews, BookInputs.ConfidenceLabels);

        var result = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.Margin, 0.05);

        Assert.Equal(8, result.Reviews.Count);
        foreach (var verdict in result.Reviews)
        {
            Assert.Equal(verdict.Review.BestSimilarity - verdict.Review.SecondSimilarity, verdict.Confidence, 12);
            Assert.True(verdict.Confidence >= 0);
            Assert.Equal(verdict.Confidence >= 0.05, verdict.IsPredicted);
        }
        Assert.Equal(result.Reviews.Count(v => v.IsPredicted), result.Outcome.Predicted);
        Assert.Equal(1, scored[0].Predicted);
        Assert.Equal(result.Reviews.Where(v => !v.IsPredicted), result.Uncertain);
        Assert.All(result.Reviews, v => Assert.Equal(v.IsPredicted ? "PREDICTED" : "UNCERTAIN", v.Status));
    }

    [Fact]
    public void Abstaining_on_everything_leaves_no_accuracy_rather_than_zero()
    {
        var outcome = ConfidenceExperiment.Outcome([new ScoredReview("meh", 0, 1, 0.30, 0.29)], ConfidenceMeasure.Margin, 0.5);

        Assert.Equal(0, outcome.Coverage);
        Assert.Null(outcome.AccuracyOnPredicted);
    }

    [Theory]
    [InlineData("margin", ConfidenceMeasure.Margin)]
    [InlineData("max", ConfidenceMeasure.MaxSimilarity)]
    [InlineData("MAX-similarity", ConfidenceMeasure.MaxSimilarity)]
    [InlineData(null, null)]
    [InlineData("nonsense", null)]
    public void The_measure_comes_from_the_query_string(string? name, ConfidenceMeasure? expected) =>
        Assert.Equal(expected, ConfidenceExperiment.MeasureNamed(name));

    [Fact]
    public void Reviews_without_text_or_label_are_explained()
    {
        Assert.Equal("Review 2 is empty: type a review or remove it.", ConfidenceExperiment.Check([new("good", 1), new(" ", 0)]));
        Assert.Contains("true label", ConfidenceExperiment.Check([new("good", 3)]));
        Assert.Null(ConfidenceExperiment.Check(ConfidenceExperiment.BookReviews));
    }

    [Theory]
    [InlineData(new[] { "A negative movie review" }, "exactly two label descriptions, the negative one first (there is one)")]
    [InlineData(new[] { "bad", "fine", "good" }, "(there are 3)")]
    [InlineData(new[] { "A negative movie review", " " }, "Label 2 is empty")]
    [InlineData(new[] { "good", "Good" }, "appears twice")]
    public void Label_sets_that_are_not_two_descriptions_are_explained(string[] labels, string expected) =>
        Assert.Contains(expected, ConfidenceExperiment.CheckLabels(labels));

    [Fact]
    public void The_page_opens_on_the_books_reviews_labels_and_threshold()
    {
        var inputs = ConfidenceInputs.Default;

        Assert.Equal(BookInputs.ConfidenceReviews.Select(r => (r.Text, r.True)), inputs.Reviews.Select(r => (r.Text, r.True)));
        Assert.Equal(["A negative movie review", "A positive movie review"], inputs.Labels);
        Assert.Equal((ConfidenceMeasure.Margin, 0.15), (inputs.Measure, inputs.Threshold));
        Assert.Null(ConfidenceExperiment.CheckLabels(inputs.Labels));
    }

    [Fact]
    public async Task Each_measure_has_a_range_where_minilms_confidences_on_the_test_split_fall()
    {
        var scored = await MediumFixtures.ScoredTestSplit;

        foreach (var measure in new[] { ConfidenceMeasure.Margin, ConfidenceMeasure.MaxSimilarity })
        {
            var range = ConfidenceExperiment.RangeOf(measure);
            var result = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, measure, range.Min);
            Assert.Equal(1.0, result.Outcome.Coverage);
            Assert.True(range.Contains(result.LowestConfidence) && range.Contains(result.HighestConfidence), $"{measure}: {result.LowestConfidence} to {result.HighestConfidence}");
            Assert.Equal(range.Min, result.Curve[0].Threshold);
            Assert.Equal(range.Max, result.Curve[^1].Threshold);
        }

        Assert.Equal(51, ConfidenceExperiment.CurveThresholds(ConfidenceMeasure.Margin).Count);
        Assert.Equal(111, ConfidenceExperiment.CurveThresholds(ConfidenceMeasure.MaxSimilarity).Count);

        // "Max similarity − 0.5" is negative for (nearly) every MiniLM review: a range starting at 0 would predict nothing.
        var max = ConfidenceExperiment.Analyse(scored, BookInputs.ConfidenceLabels, ConfidenceMeasure.MaxSimilarity, 0);
        Assert.True(max.Outcome.Coverage < 0.02, $"coverage at 0: {max.Outcome.Coverage}");
    }
}
