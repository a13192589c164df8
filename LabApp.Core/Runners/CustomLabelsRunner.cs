using System.Globalization;
using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;

namespace LabApp.Core.Runners;

/// <summary>Medium task 1 on the real model: embeds the student's reviews and labels, runs the experiment, records the run.</summary>
public sealed class CustomLabelsRunner(EmbeddingService embeddings, SettledRuns runs, TimeProvider time)
{
    public const string Page = "custom-labels";

    /// <summary>The experiment on <paramref name="inputs"/>; the run is recorded once it finished uncancelled.</summary>
    /// <exception cref="ArgumentException">The input has a problem <see cref="CustomLabelsExperiment.Check"/> reports, or the model is not an embedding model.</exception>
    public async Task<CustomLabelsResult> RunAsync(CustomLabelsInputs inputs, CancellationToken cancellationToken = default)
    {
        var problems = CustomLabelsExperiment.Check(inputs.Reviews, inputs.Labels);
        if (problems.Any)
            throw new ArgumentException(problems.Reviews ?? problems.Labels);

        var started = time.GetTimestamp();
        var card = ModelCatalog.Find(inputs.ModelId);
        var embedder = await embeddings.GetEmbedderAsync(card, cancellationToken: cancellationToken);
        var truncated = await Task.Run(() => inputs.Reviews.Select(embedder.Truncates).ToArray(), cancellationToken);
        var reviewEmbeddings = await embeddings.EmbedTextsAsync(card, inputs.Reviews, cancellationToken);
        var labelEmbeddings = await embeddings.EmbedTextsAsync(card, inputs.Labels, cancellationToken);
        var result = CustomLabelsExperiment.Run(inputs.Reviews, inputs.Labels, reviewEmbeddings, labelEmbeddings, truncated);

        cancellationToken.ThrowIfCancellationRequested();
        runs.Record(new SettledRun(Page, ZeroShotExperiment.Method, card.Id, Describe(card, result), RunScores.Unscored, time.GetElapsedTime(started)),
            string.Join('\n', inputs.Reviews));
        return result;
    }

    /// <summary>The label set and what it did to the reviews, as the run log shows it: the reviews have no true labels to score.</summary>
    public static string Describe(ModelCard card, CustomLabelsResult result)
    {
        int Count(Certainty certainty) => result.Choices.Count(c => c.Certainty == certainty);
        var closest = result.LabelSimilarities.Pairs.Count == 0 ? "—" : result.LabelSimilarities.Pairs[0].Similarity.ToString("0.000", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"model={ModelCatalog.ShortName(card)} labels={string.Join(" | ", result.Labels.Select(l => $"\"{l}\""))} reviews={result.Reviews.Count} " +
            $"confident={Count(Certainty.Confident)} uncertain={Count(Certainty.Uncertain)} very_uncertain={Count(Certainty.VeryUncertain)} closest_labels={closest}");
    }
}
