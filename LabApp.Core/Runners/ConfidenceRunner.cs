using LabApp.Core.Classifiers;
using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>
/// Medium task 3 on the real model: scores the student's reviews and the test split against the label descriptions.
/// Thresholds need no model (they re-read the scores), so a page analyses on every slider move and hands each result to the run log, which keeps the one that settles.
/// </summary>
public sealed class ConfidenceRunner(ClassificationLab lab, SettledRuns runs)
{
    public const string Page = "confidence";

    /// <summary>The student's reviews scored against the two label descriptions (class 0 first).</summary>
    /// <exception cref="ArgumentException">A review or label set the experiment's checks reject, or a model that is not an embedding model.</exception>
    public async Task<IReadOnlyList<ScoredReview>> ScoreAsync(string modelId, IReadOnlyList<LabelledReview> reviews, IReadOnlyList<string> labels, CancellationToken cancellationToken = default)
    {
        if ((ConfidenceExperiment.Check(reviews) ?? ConfidenceExperiment.CheckLabels(labels)) is { } problem)
            throw new ArgumentException(problem);
        var card = ModelCatalog.Find(modelId);
        var texts = reviews.Select(r => r.Text).ToArray();
        var reviewEmbeddings = await lab.Embeddings.EmbedTextsAsync(card, texts, cancellationToken);
        var labelEmbeddings = await lab.Embeddings.EmbedTextsAsync(card, labels, cancellationToken);
        return ConfidenceExperiment.Score(texts, reviews.Select(r => r.True).ToArray(), SimilarityMatrix.Cosine(reviewEmbeddings, labelEmbeddings));
    }

    /// <summary>The whole real test split, scored the same way (its embeddings come from the split's cache).</summary>
    /// <exception cref="ArgumentException">A label set <see cref="ConfidenceExperiment.CheckLabels"/> rejects.</exception>
    public async Task<IReadOnlyList<ScoredReview>> ScoreTestSplitAsync(string modelId, IReadOnlyList<string> labels, IProgress<RunStep>? progress = null, CancellationToken cancellationToken = default)
    {
        if (ConfidenceExperiment.CheckLabels(labels) is { } problem)
            throw new ArgumentException(problem);
        var settings = new ExperimentSettings(modelId);
        var test = await RunSteps.PrepareAsync(lab, settings, "test", null, progress, cancellationToken);
        progress?.Report(new RunStep("Scoring the test reviews against the labels"));
        var labelEmbeddings = await lab.Embeddings.EmbedTextsAsync(settings.Model, labels, cancellationToken);
        return ConfidenceExperiment.Score(test.Texts, test.Labels, SimilarityMatrix.Cosine(test.Embeddings, labelEmbeddings));
    }

    /// <summary>
    /// Hands <paramref name="result"/> (the student's reviews at one measure and threshold) to the run log: the page
    /// calls this on every move of the slider or the measure, and only the setting that stood still is logged
    /// (<see cref="SettledRuns"/>). Its scores are the book's accuracy on the predicted reviews (0 when none is
    /// predicted) over all the student's reviews; its headline the coverage and the accuracy on the predicted.
    /// Re-reading scores takes no time of its own, so the row's duration is zero. The task ends when the run settled
    /// (see <see cref="SettledRuns.Record"/>).
    /// </summary>
    public Task<RunRecord?> Record(string modelId, ConfidenceResult result)
    {
        var card = ModelCatalog.Find(modelId);
        var predicted = result.Reviews.Where(v => v.IsPredicted).Select(v => v.Review).ToArray();
        var scores = RunScores.Of(predicted.Select(r => r.True).ToArray(), predicted.Select(r => r.Predicted).ToArray()) with { Reviews = result.Reviews.Count };
        var parameters = new ConfidenceParameters(card.Id, [.. result.Labels], result.Measure, result.Threshold);
        return runs.Record(new FinishedRun(Page, ZeroShotExperiment.Method, card.Id, parameters, scores, TimeSpan.Zero)
        {
            Headline = ConfidenceHeadline.Of(result.Outcome),
            Inputs = string.Join('\n', result.Reviews.Select(v => $"{v.Review.True} {v.Review.Text}")),
        });
    }
}
