using LabApp.Core.Experiments;

namespace LabApp.Tests.Medium;

public sealed class FailureAnalysisExperimentTests
{
    [Fact]
    public async Task False_positives_and_false_negatives_add_up_to_the_errors()
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;

        Assert.Equal(200, analysis.Reviews.Count);
        Assert.Equal(analysis.Errors.Count, analysis.FalsePositives + analysis.FalseNegatives);
        Assert.Equal(1 - analysis.Errors.Count / 200.0, analysis.Accuracy, 12);
        Assert.Equal(analysis.Errors.Count / 200.0, analysis.ErrorShare);
        Assert.InRange(analysis.Accuracy, 0.65, 0.95);
        Assert.Equal(analysis.Errors, analysis.Reviews.Where(r => r.True != r.Predicted));
    }

    [Fact]
    public async Task High_confidence_errors_are_the_errors_strictly_above_the_cut_in_test_order()
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;

        var errors = analysis.HighConfidenceErrors(0.7);

        Assert.Equal(analysis.Errors.Count(e => e.Confidence > 0.7), errors.Count);
        Assert.All(errors, e => Assert.False(e.IsCorrect));
        var positions = errors.Select(e => analysis.Reviews.ToList().IndexOf(e)).ToArray();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(analysis.Errors.Count, analysis.HighConfidenceErrors(0.5).Count);
        // The cut itself is not above the cut: an error made with exactly that confidence is not high-confidence.
        var exact = analysis.Errors[0].Confidence;
        Assert.DoesNotContain(analysis.Errors[0], analysis.HighConfidenceErrors(exact));
        Assert.Contains(analysis.Errors[0], analysis.HighConfidenceErrors(Math.BitDecrement(exact)));
    }

    [Fact]
    public async Task The_length_histogram_counts_every_review_once()
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;

        var histogram = analysis.Lengths();

        Assert.Equal(analysis.Errors.Count, histogram.Errors.Sum());
        Assert.Equal(200 - analysis.Errors.Count, histogram.Correct.Sum());
        Assert.Equal(analysis.Errors.Average(e => e.Words), analysis.AverageWordsOfErrors, 12);
        Assert.InRange(analysis.AverageWordsOfCorrect, 5, 40);
    }

    [Theory]
    [InlineData(10, 2, ErrorBias.Positive, "Classifier has POSITIVE BIAS")]
    [InlineData(6, 5, ErrorBias.Positive, "Classifier has POSITIVE BIAS")]
    [InlineData(2, 10, ErrorBias.Negative, "Classifier has NEGATIVE BIAS")]
    [InlineData(5, 5, ErrorBias.None, null)]
    [InlineData(0, 0, ErrorBias.None, null)]
    public void The_bias_is_the_more_frequent_kind_of_error_as_the_book_decides_it(int falsePositives, int falseNegatives, ErrorBias expected, string? line)
    {
        var result = new FailureAnalysisResult(FailureAnalysisExperiment.Settings, null!, Reviews(falsePositives, falseNegatives, correctWords: 1));

        Assert.Equal(expected, result.Bias);
        Assert.Equal(line, result.BiasText);
    }

    [Theory]
    [InlineData(1, LengthPattern.ErrorsLonger, "Errors tend to be LONGER")]
    [InlineData(3, LengthPattern.ErrorsShorter, "Errors tend to be SHORTER")]
    [InlineData(2, LengthPattern.None, "No clear length pattern")]
    public void The_length_observation_compares_the_average_words_of_errors_and_correct_predictions(int correctWords, LengthPattern expected, string observation)
    {
        // Errors of 2 words each against correct predictions of correctWords words.
        var result = new FailureAnalysisResult(FailureAnalysisExperiment.Settings, null!, Reviews(2, 1, correctWords));

        Assert.Equal(expected, result.LengthPattern);
        Assert.Equal(observation, result.LengthObservation);
    }

    [Fact]
    public void Without_errors_the_errors_average_0_words_and_read_as_shorter_as_in_the_book()
    {
        var result = new FailureAnalysisResult(FailureAnalysisExperiment.Settings, null!, Reviews(0, 0, correctWords: 4));

        Assert.Equal(0, result.AverageWordsOfErrors);
        Assert.Equal(LengthPattern.ErrorsShorter, result.LengthPattern);
        Assert.Empty(result.HighConfidenceErrors(0.7));
    }

    [Fact]
    public async Task The_books_edge_cases_are_scored_against_the_regular_accuracy()
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;
        var cases = FailureAnalysisExperiment.BookEdgeCases;

        var report = await MediumFixtures.FailureAnalysis().CheckEdgeCasesAsync(analysis, cases);

        Assert.Equal(["Sarcastic", "Mixed", "Backhanded", "Double negative", "Very short", "Ambiguous"], report.Outcomes.Select(o => o.Case.Category));
        Assert.Equal(analysis.Accuracy, report.RegularAccuracy);
        Assert.Equal(report.Outcomes.Count(o => o.IsCorrect), report.Correct);
        Assert.Equal(report.Correct / 6.0, report.Accuracy, 12);
        Assert.Equal(analysis.Accuracy - report.Accuracy, report.Difference, 12);
        Assert.All(report.Outcomes, o => Assert.InRange(o.Confidence, 0.5, 1.0));
        Assert.Equal(report.Outcomes.Where(o => o.Predicted != o.Case.Expected).Select(o => o.Case.Category), report.FailingCategories);
    }

    [Fact]
    public void Failing_categories_are_listed_once_per_failing_case_in_the_suites_order()
    {
        EdgeCaseOutcome Outcome(string category, int expected, int predicted) => new(new EdgeCase(category, "text", expected), predicted, 0.9);

        var report = new EdgeCaseReport([Outcome("Negation", 1, 0), Outcome("Sarcasm", 0, 0), Outcome("Negation", 0, 1), Outcome("Mixed", 1, 0)], 0.8);

        Assert.Equal(["Negation", "Negation", "Mixed"], report.FailingCategories);
        Assert.Equal(0.25, report.Accuracy);
        Assert.Equal(0.55, report.Difference, 12);
    }

    [Theory]
    [InlineData("Negation", "", 1, "Edge case 2 has no text: type one or remove the case.")]
    [InlineData(" ", "not bad", 1, "Edge case 2 has no category: name the difficulty it tests, such as Sarcastic.")]
    [InlineData("Negation", "not bad", 2, "Edge case 2 needs an expected label: negative or positive.")]
    public async Task Edge_cases_that_cannot_be_scored_are_refused_with_their_number(string category, string text, int expected, string message)
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => MediumFixtures.FailureAnalysis().CheckEdgeCasesAsync(
            analysis, [new("Sarcastic", "Oh great.", 0), new(category, text, expected)]));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_empty_suite_is_refused_with_the_way_back_to_the_books()
    {
        Assert.Equal("Add at least one edge case, or bring back the book's six.", FailureAnalysisExperiment.Check([]));
    }

    private static AnalysedReview[] Reviews(int falsePositives, int falseNegatives, int correctWords) =>
        Enumerable.Repeat(new AnalysedReview(0, "a b", 0, 1, 0.9, 2), falsePositives)
            .Concat(Enumerable.Repeat(new AnalysedReview(1, "c d", 1, 0, 0.6, 2), falseNegatives))
            .Append(new AnalysedReview(2, "e", 1, 1, 0.9, correctWords))
            .ToArray();
}
