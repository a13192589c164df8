using System.Globalization;
using LabApp.Core.Classifiers;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>
/// Medium task 3 on the real model: scores the student's reviews and the test split against the label descriptions.
/// Thresholds need no model (they re-read the scores), so a page analyses on every slider move and records once it settles.
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
    public async Task<IReadOnlyList<ScoredReview>> ScoreTestSplitAsync(string modelId, IReadOnlyList<string> labels, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (ConfidenceExperiment.CheckLabels(labels) is { } problem)
            throw new ArgumentException(problem);
        var settings = new ExperimentSettings(modelId);
        var test = await lab.PrepareAsync(settings, "test", null, progress, cancellationToken);
        var labelEmbeddings = await lab.Embeddings.EmbedTextsAsync(settings.Model, labels, cancellationToken);
        return ConfidenceExperiment.Score(test.Texts, test.Labels, SimilarityMatrix.Cosine(test.Embeddings, labelEmbeddings));
    }

    /// <summary>
    /// Records <paramref name="result"/> (the student's reviews at one measure and threshold, once the slider settled):
    /// the book's accuracy on the predicted reviews (0 when none is predicted), with the coverage among the parameters.
    /// Re-reading scores takes no time of its own, so the row's duration is zero. True when a row was added.
    /// </summary>
    public bool Record(string modelId, ConfidenceResult result)
    {
        var card = ModelCatalog.Find(modelId);
        var predicted = result.Reviews.Where(v => v.IsPredicted).Select(v => v.Review).ToArray();
        var scores = RunScores.Of(predicted.Select(r => r.True).ToArray(), predicted.Select(r => r.Predicted).ToArray()) with { Reviews = result.Reviews.Count };
        var parameters = string.Create(CultureInfo.InvariantCulture,
            $"model={ModelCatalog.ShortName(card)} measure={ConfidenceExperiment.NameOf(result.Measure)} threshold={result.Threshold:0.00###} " +
            $"labels={string.Join(" | ", result.Labels.Select(l => $"\"{l}\""))} predicted={result.Outcome.Predicted}/{result.Outcome.Total} coverage={result.Outcome.Coverage:0.000}");
        var inputs = string.Join('\n', result.Reviews.Select(v => $"{v.Review.True} {v.Review.Text}"));
        return runs.Record(new SettledRun(Page, ZeroShotExperiment.Method, card.Id, parameters, scores, TimeSpan.Zero), inputs);
    }
}
