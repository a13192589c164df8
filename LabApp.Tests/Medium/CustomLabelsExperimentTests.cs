using LabApp.Core.Experiments;

namespace LabApp.Tests.Medium;

public sealed class CustomLabelsExperimentTests
{
    private static Task<CustomLabelsResult> RunAsync(IReadOnlyList<string> reviews, IReadOnlyList<string> labels) =>
        MediumFixtures.CustomLabels().RunAsync(new CustomLabelsInputs(LabApp.Core.Models.ModelCatalog.MiniLmId, reviews, labels));

    [Fact]
    public async Task Each_choice_is_the_best_and_second_best_label_and_the_margin_is_their_difference()
    {
        var result = await RunAsync(BookInputs.CustomLabelsReviews, BookInputs.FiveLevels);

        Assert.Equal(8, result.Choices.Count);
        for (var r = 0; r < result.Choices.Count; r++)
        {
            var row = Enumerable.Range(0, result.Labels.Count).Select(c => result.Similarities[r, c]).OrderDescending().ToArray();
            var choice = result.Choices[r];
            Assert.Equal(row[0], choice.BestScore, 12);
            Assert.Equal(row[1], choice.SecondScore, 12);
            Assert.Equal(row[0] - row[1], choice.Margin, 12);
            Assert.Equal(result.Labels[result.Similarities.ArgMax(r)], choice.BestLabel);
            Assert.NotEqual(choice.BestLabel, choice.SecondLabel);
            Assert.Equal(CustomLabelsExperiment.CertaintyOf(choice.Margin), choice.Certainty);
        }
    }

    [Fact]
    public async Task The_book_labels_get_the_obvious_reviews_right()
    {
        var result = await RunAsync(["A masterpiece: the best film I have seen this year.", "A tedious, joyless waste of two hours."], BookInputs.ZeroShotLabels);

        Assert.Equal("A positive review", result.Choices[0].BestLabel);
        Assert.Equal("A negative review", result.Choices[1].BestLabel);
    }

    [Theory]
    [InlineData(0.0, Certainty.VeryUncertain)]
    [InlineData(0.0499, Certainty.VeryUncertain)]
    [InlineData(0.05, Certainty.Uncertain)]
    [InlineData(0.1499, Certainty.Uncertain)]
    [InlineData(0.15, Certainty.Confident)]
    [InlineData(0.4, Certainty.Confident)]
    public void Margins_are_flagged_at_the_005_and_015_boundaries(double margin, Certainty expected) =>
        Assert.Equal(expected, CustomLabelsExperiment.CertaintyOf(margin));

    [Fact]
    public async Task The_label_similarity_matrix_is_symmetric_and_its_pairs_are_sorted()
    {
        var result = await RunAsync(BookInputs.CustomLabelsReviews, BookInputs.SixLevels);
        var labels = result.LabelSimilarities;

        Assert.Equal(6 * 5 / 2, labels.Pairs.Count);
        for (var a = 0; a < 6; a++)
        {
            Assert.Equal(1.0, labels.Similarities[a, a], 5);
            for (var b = 0; b < 6; b++)
                Assert.Equal(labels.Similarities[a, b], labels.Similarities[b, a], 12);
        }
        Assert.True(labels.Pairs.Zip(labels.Pairs.Skip(1)).All(p => p.First.Similarity >= p.Second.Similarity));
        // The book's new sixth level says nearly the same thing to MiniLM as the level above it.
        Assert.Equal(("very positive sentiment", "extremely positive sentiment"), (labels.Pairs[0].First, labels.Pairs[0].Second));
        Assert.True(labels.Pairs[0].TooSimilar, $"similarity {labels.Pairs[0].Similarity}");
        Assert.All(labels.Pairs, p => Assert.Equal(p.Similarity > LabelSimilarityMatrix.TooSimilar, p.TooSimilar));
        // The book prints the ten most similar of the fifteen pairs.
        Assert.Equal(labels.Pairs.Take(10), labels.TopPairs);
    }

    [Fact]
    public async Task Comparing_the_books_five_levels_with_its_six_names_the_added_level_and_the_reviews_that_switched_to_it()
    {
        var before = await RunAsync(BookInputs.CustomLabelsReviews, BookInputs.FiveLevels);
        var after = await RunAsync(BookInputs.CustomLabelsReviews, BookInputs.SixLevels);

        var comparison = CustomLabelsExperiment.Compare(CustomLabelsSnapshot.Of("before", before), CustomLabelsSnapshot.Of("after", after));

        Assert.Equal(["very positive sentiment"], comparison.AddedLabels);
        Assert.Empty(comparison.RemovedLabels);
        Assert.Equal(8, comparison.Reviews.Count);
        for (var i = 0; i < comparison.Reviews.Count; i++)
        {
            var shift = comparison.Reviews[i];
            Assert.Equal(before.Choices[i].BestLabel, shift.LabelBefore);
            Assert.Equal(after.Choices[i].BestLabel, shift.LabelAfter);
            Assert.Equal(after.Choices[i].Margin - before.Choices[i].Margin, shift.MarginChange, 12);
            Assert.Equal(before.Choices[i].Certainty, shift.CertaintyBefore);
            Assert.Equal(after.Choices[i].Certainty, shift.CertaintyAfter);
            // Only the new label can take a review away from its old one.
            if (shift.Switched)
                Assert.Equal("very positive sentiment", shift.LabelAfter);
        }
        Assert.Equal(comparison.Reviews.Count(r => r.Switched), comparison.SwitchedCount);
        Assert.Equal(comparison.SwitchedCount, comparison.SwitchedToAddedCount);
        Assert.True(comparison.SwitchedCount > 0);
        Assert.Equal(before.Choices.Count(c => c.Certainty != Certainty.Confident), comparison.UncertainBefore);
        Assert.Equal(after.Choices.Count(c => c.Certainty == Certainty.VeryUncertain), comparison.VeryUncertainAfter);
    }

    [Fact]
    public async Task Reviews_typed_after_a_snapshot_are_named_as_new_and_not_counted_among_the_compared()
    {
        var before = await RunAsync(BookInputs.CustomLabelsReviews, BookInputs.FiveLevels);
        string[] typed = ["An instant classic", "I walked out halfway", "Fine for a rainy day"];
        var after = await RunAsync([.. BookInputs.CustomLabelsReviews, .. typed], BookInputs.SixLevels);

        var comparison = CustomLabelsExperiment.Compare(CustomLabelsSnapshot.Of("Book: 5 levels", before), CustomLabelsSnapshot.Of("now", after));

        Assert.Equal(8, comparison.Reviews.Count);
        Assert.Equal(typed, comparison.NewReviews);
        Assert.Equal(11, after.Choices.Count);
    }

    [Fact]
    public void The_page_opens_on_the_books_reviews_and_five_levels_and_its_first_presets_are_the_books()
    {
        Assert.Equal(BookInputs.CustomLabelsReviews, CustomLabelsInputs.Default.Reviews);
        Assert.Equal(BookInputs.FiveLevels, CustomLabelsInputs.Default.Labels);
        Assert.Equal([("Book: 5 levels", BookInputs.FiveLevels), ("Book: 6 levels", BookInputs.SixLevels)],
            CustomLabelsExperiment.Presets.Take(2).Select(p => (p.Name, p.Labels)));
    }

    [Theory]
    [InlineData(new string[0], "none")]
    [InlineData(new[] { "positive" }, "one")]
    [InlineData(new[] { "positive", "Positive " }, "twice")]
    [InlineData(new[] { "positive", " " }, "empty")]
    public void Bad_label_sets_are_explained_beside_the_labels(string[] labels, string expected)
    {
        var problems = CustomLabelsExperiment.Check(BookInputs.CustomLabelsReviews, labels);

        Assert.Null(problems.Reviews);
        Assert.Contains(expected, problems.Labels);
    }

    [Fact]
    public async Task Bad_reviews_are_explained_beside_the_reviews_and_refused_by_the_run()
    {
        Assert.Contains("at least one", CustomLabelsExperiment.Check([], BookInputs.ZeroShotLabels).Reviews);
        var problems = CustomLabelsExperiment.Check(["fine", ""], BookInputs.ZeroShotLabels);
        Assert.Equal("Review 2 is empty: type a review or remove it.", problems.Reviews);
        Assert.Null(problems.Labels);
        await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(["fine", ""], BookInputs.ZeroShotLabels));
    }

    [Fact]
    public async Task A_50000_character_review_is_classified_and_reported_as_truncated()
    {
        var longReview = string.Concat(Enumerable.Repeat("What a wonderful film. ", 50_000 / 23 + 1))[..50_000];

        var result = await RunAsync([longReview, "Short and sweet."], BookInputs.ZeroShotLabels);

        Assert.True(result.Choices[0].WasTruncated);
        Assert.False(result.Choices[1].WasTruncated);
        Assert.Equal("A positive review", result.Choices[0].BestLabel);
    }

    [Theory]
    [InlineData(254, false)]
    [InlineData(255, true)]
    public void Truncation_starts_when_the_word_pieces_and_the_two_special_tokens_exceed_256(int words, bool truncated)
    {
        var text = string.Join(' ', Enumerable.Repeat("film", words));

        Assert.Equal(words, SharedModel.Tokenizer.CountWordPieces(text));
        Assert.Equal(truncated, SharedModel.Embedder.Truncates(text));
    }
}
