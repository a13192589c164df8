using System.Globalization;
using LabApp.Core.Experiments;
using LabApp.Core.Models;

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
    public async Task<FailureAnalysisResult> AnalyseAsync(string modelId, ulong seed = 42, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var settings = FailureAnalysisExperiment.Settings with { ModelId = ModelCatalog.Find(modelId).Id, Seed = seed };
        var train = await lab.PrepareAsync(settings, "train", settings.TrainSize, progress, cancellationToken);
        var test = await lab.PrepareAsync(settings, "test", settings.TestSize, progress, cancellationToken);
        return await Task.Run(() => FailureAnalysisExperiment.Run(train, test, settings), cancellationToken);
    }

    /// <summary>The trained classifier's verdict on <paramref name="cases"/>; recorded once it finished uncancelled.</summary>
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
        runs.Record(new SettledRun(Page, SupervisedExperiment.Method, card.Id, Describe(analysis.Settings, report), scores, time.GetElapsedTime(started)),
            string.Join('\n', cases.Select(c => $"{c.Expected} {c.Category}\t{c.Text}")));
        return report;
    }

    /// <summary>The subsets and the edge-case suite's outcome, as the run log shows them beside the regular accuracy.</summary>
    public static string Describe(ExperimentSettings settings, EdgeCaseReport report) => string.Create(CultureInfo.InvariantCulture,
        $"{settings.Describe()} edge_cases={report.Outcomes.Count} edge_accuracy={BookFormat.Fixed(report.Accuracy, 3)}");
}
