using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Medium;

/// <summary>The medium tasks' expensive results, computed once on the real model and data and shared by their tests.</summary>
public static class MediumFixtures
{
    private static readonly Lazy<Task<FailureAnalysisResult>> LazyFailureAnalysis = new(() => FailureAnalysisExperiment.RunAsync(SharedModel.Lab));

    private static readonly Lazy<Task<IReadOnlyList<ScoredReview>>> LazyScoredTestSplit = new(() =>
        ConfidenceExperiment.ScoreTestSplitAsync(SharedModel.Lab, new ExperimentSettings()));

    public static EmbeddingService Embeddings => SharedModel.Services.GetRequiredService<EmbeddingService>();

    public static ModelCard Model => ModelCatalog.MiniLm;

    public static Task<FailureAnalysisResult> FailureAnalysisResult => LazyFailureAnalysis.Value;

    /// <summary>All 1066 test reviews scored against the book's two label descriptions.</summary>
    public static Task<IReadOnlyList<ScoredReview>> ScoredTestSplit => LazyScoredTestSplit.Value;
}
