using LabApp.Core.Experiments;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>
/// Medium task 4 on the real data: trains on the seeded 1000 train reviews and tests on 200, then classifies the
/// student's edge cases; each settled suite is one run log row with the regular and the edge-case accuracy.
/// </summary>
public sealed class FailureAnalysisRunner(ClassificationLab lab, SettledRuns runs, TimeProvider time)
{
    public const string Page = "failure-analysis";

    /// <summary>
    /// The classifier of <see cref="FailureAnalysisExperiment.Settings"/> (with <paramref name="seed"/>) embedded with
    /// <paramref name="modelId"/>, and its mistakes.
    /// </summary>
    /// <exception cref="ArgumentException">A model that is not an embedding model.</exception>
    public async Task<FailureAnalysisResult> AnalyseAsync(string modelId, ulong seed = 42, IProgress<RunStep>? progress = null, CancellationToken cancellationToken = default)
    {
        var settings = FailureAnalysisExperiment.Settings with { ModelId = ModelCatalog.Find(modelId).Id, Seed = seed };
        await RunSteps.EmbedSplitAsync(lab, settings.Model, "train", progress, cancellationToken);
        await RunSteps.EmbedSplitAsync(lab, settings.Model, "test", progress, cancellationToken);
        progress?.Report(new RunStep($"Training on {settings.TrainSize} reviews and testing on {settings.TestSize}"));
        return await lab.AnalyseFailuresAsync(settings, cancellationToken);
    }

    /// <summary>The trained classifier's verdict on <paramref name="cases"/>; handed to the run log once it finished uncancelled.</summary>
    /// <exception cref="ArgumentException">A case <see cref="FailureAnalysisExperiment.Check"/> rejects.</exception>
    public async Task<EdgeCaseReport> CheckEdgeCasesAsync(FailureAnalysisResult analysis, IReadOnlyList<EdgeCase> cases, CancellationToken cancellationToken = default)
    {
        var problem = FailureAnalysisExperiment.Check(cases);
        if (problem is not null)
            throw new ArgumentException(problem);

        var started = time.GetTimestamp();
        var card = ModelCatalog.Find(analysis.ModelId);
        var embeddings = await lab.Embeddings.EmbedTextsAsync(card, cases.Select(c => c.Text).ToArray(), cancellationToken);
        var report = FailureAnalysisExperiment.CheckEdgeCases(analysis, cases, embeddings);

        cancellationToken.ThrowIfCancellationRequested();
        var scores = RunScores.Of(analysis.Reviews.Select(r => r.True).ToArray(), analysis.Reviews.Select(r => r.Predicted).ToArray());
        var settings = analysis.Settings;
        var parameters = new FailureAnalysisParameters(card.Id, settings.TrainSize ?? 0, settings.TestSize ?? 0, settings.Seed, report.Outcomes.Count);
        _ = runs.Record(new FinishedRun(Page, SupervisedExperiment.Method, card.Id, parameters, scores, time.GetElapsedTime(started))
        {
            Headline = new FailureAnalysisHeadline(analysis.Accuracy, analysis.FalsePositives, analysis.FalseNegatives, report.Accuracy),
            Inputs = string.Join('\n', cases.Select(c => $"{c.Expected} {c.Category}\t{c.Text}")),
        });
        return report;
    }
}
