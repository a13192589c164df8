using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>Medium task 1 on the real model: embeds the student's reviews and labels, runs the experiment, hands the run to the run log.</summary>
public sealed class CustomLabelsRunner(EmbeddingService embeddings, SettledRuns runs, TimeProvider time)
{
    public const string Page = "custom-labels";

    /// <summary>The experiment on <paramref name="inputs"/>; a run that finished uncancelled is handed to the run log.</summary>
    /// <exception cref="ArgumentException">The input has a problem <see cref="CustomLabelsExperiment.Check"/> reports, or the model is not an embedding model.</exception>
    public async Task<CustomLabelsResult> RunAsync(CustomLabelsInputs inputs, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var card = ModelCatalog.Find(inputs.ModelId);
        var result = await ResultAsync(inputs, cancellationToken);
        // The reviews have no true labels: nothing to score, only the label set's own numbers.
        _ = runs.Record(new FinishedRun(Page, ZeroShotExperiment.Method, card.Id, new CustomLabelsParameters(card.Id, [.. result.Labels]), Scores: null,
            time.GetElapsedTime(started)) { Headline = CustomLabelsHeadline.Of(result), Inputs = string.Join('\n', inputs.Reviews) });
        return result;
    }

    /// <summary>The experiment on <paramref name="inputs"/>, not logged: for looking at a label set someone else tried (the class's board).</summary>
    /// <exception cref="ArgumentException">As <see cref="RunAsync"/>.</exception>
    public async Task<CustomLabelsResult> ResultAsync(CustomLabelsInputs inputs, CancellationToken cancellationToken = default)
    {
        var problems = CustomLabelsExperiment.Check(inputs.Reviews, inputs.Labels);
        if (problems.Any)
            throw new ArgumentException(problems.Reviews ?? problems.Labels);

        var card = ModelCatalog.Find(inputs.ModelId);
        var embedder = await embeddings.GetEmbedderAsync(card, cancellationToken: cancellationToken);
        var truncated = await Task.Run(() => inputs.Reviews.Select(embedder.Truncates).ToArray(), cancellationToken);
        var reviewEmbeddings = await embeddings.EmbedTextsAsync(card, inputs.Reviews, cancellationToken);
        var labelEmbeddings = await embeddings.EmbedTextsAsync(card, inputs.Labels, cancellationToken);
        var result = CustomLabelsExperiment.Run(inputs.Reviews, inputs.Labels, reviewEmbeddings, labelEmbeddings, truncated);
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }
}
