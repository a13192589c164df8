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
        Assert.InRange(analysis.Accuracy, 0.65, 0.95);
        Assert.Contains(analysis.FalsePositives.ToString(), analysis.BiasVerdict);
    }

    [Fact]
    public async Task High_confidence_errors_are_the_errors_above_the_threshold_surest_first()
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;

        var errors = analysis.HighConfidenceErrors(0.7);

        Assert.Equal(analysis.Errors.Count(e => e.Confidence >= 0.7), errors.Count);
        Assert.All(errors, e => Assert.False(e.IsCorrect));
        Assert.True(errors.Zip(errors.Skip(1)).All(p => p.First.Confidence >= p.Second.Confidence));
        Assert.Equal(analysis.Errors.Count, analysis.HighConfidenceErrors(0.5).Count);
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
    [InlineData(10, 2, ErrorBias.LeansPositive)]
    [InlineData(2, 10, ErrorBias.LeansNegative)]
    [InlineData(6, 5, ErrorBias.Balanced)]
    [InlineData(0, 0, ErrorBias.Balanced)]
    public void The_bias_verdict_follows_the_larger_kind_of_error(int falsePositives, int falseNegatives, ErrorBias expected)
    {
        var reviews = Enumerable.Repeat(new AnalysedReview(0, "a", 0, 1, 0.9, 1), falsePositives)
            .Concat(Enumerable.Repeat(new AnalysedReview(0, "b", 1, 0, 0.9, 1), falseNegatives))
            .Append(new AnalysedReview(0, "c", 1, 1, 0.9, 1))
            .ToArray();

        Assert.Equal(expected, new FailureAnalysisResult(LabApp.Core.Models.ModelCatalog.MiniLmId, null!, reviews).Bias);
    }

    [Fact]
    public async Task The_edge_case_suite_is_scored_against_the_regular_accuracy()
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;
        var cases = FailureAnalysisExperiment.SampleEdgeCases;

        var report = await MediumFixtures.FailureAnalysis().CheckEdgeCasesAsync(analysis, cases);

        Assert.Equal(cases.Count, report.Outcomes.Count);
        Assert.Equal(analysis.Accuracy, report.RegularAccuracy);
        Assert.Equal(report.Outcomes.Count(o => o.IsCorrect) / (double)cases.Count, report.Accuracy, 12);
        Assert.All(report.Outcomes, o => Assert.InRange(o.Confidence, 0.5, 1.0));
        Assert.Equal(["Negation", "Sarcasm", "Mixed", "Very short", "Comparison"], report.Categories.Select(c => c.Name));
        Assert.Equal(2, report.Categories[0].Total);
        Assert.Equal(report.Outcomes.Count(o => o.IsCorrect), report.Categories.Sum(c => c.Correct));
    }

    [Fact]
    public async Task Edge_cases_without_text_are_refused_with_their_number()
    {
        var analysis = await MediumFixtures.FailureAnalysisResult;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => MediumFixtures.FailureAnalysis().CheckEdgeCasesAsync(
            analysis, [new("Negation", "not bad", 1), new("Sarcasm", "", 0)]));
        Assert.Equal("Edge case 2 has no text: type one or remove the case.", error.Message);
    }
}
