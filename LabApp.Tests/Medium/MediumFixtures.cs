using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Medium;

/// <summary>
/// The medium tasks' runners over the real model and data, and their expensive results, computed once and shared by
/// the tests. Runs are recorded in a run log of the tests' own, in a temporary folder; a test that counts rows passes
/// its own log.
/// </summary>
public static class MediumFixtures
{
    private static readonly Lazy<RunLog> SharedLog = new(() => NewLog());

    private static readonly Lazy<Task<FailureAnalysisResult>> LazyFailureAnalysis = new(() => FailureAnalysis().AnalyseAsync(ModelCatalog.MiniLmId));

    private static readonly Lazy<Task<IReadOnlyList<ScoredReview>>> LazyScoredTestSplit = new(() => Confidence().ScoreTestSplitAsync(ModelCatalog.MiniLmId));

    public static EmbeddingService Embeddings => SharedModel.Services.GetRequiredService<EmbeddingService>();

    public static Task<FailureAnalysisResult> FailureAnalysisResult => LazyFailureAnalysis.Value;

    /// <summary>All 1066 test reviews scored against the book's two label descriptions.</summary>
    public static Task<IReadOnlyList<ScoredReview>> ScoredTestSplit => LazyScoredTestSplit.Value;

    public static RunLog NewLog() => new(Path.Combine(TestFolders.Create("medium-log"), "runs.sqlite"));

    public static CustomLabelsRunner CustomLabels(RunLog? log = null) => new(Embeddings, Runs(log), TimeProvider.System);

    public static LimitedDataRunner LimitedData(RunLog? log = null) => new(SharedModel.Lab, Runs(log), TimeProvider.System);

    public static ConfidenceRunner Confidence(RunLog? log = null) => new(SharedModel.Lab, Runs(log));

    public static FailureAnalysisRunner FailureAnalysis(RunLog? log = null) => new(SharedModel.Lab, Runs(log), TimeProvider.System);

    private static SettledRuns Runs(RunLog? log) => new(log ?? SharedLog.Value, TimeProvider.System);
}
