using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Runners;
using LabApp.Core.Storage;
using LabApp.Services;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Tests.Medium;

/// <summary>
/// The medium tasks' runners over the real model and data, and their expensive results, computed once and shared by
/// the tests. Runs are recorded in a run log of the tests' own, in a temporary folder; a test that counts rows passes
/// its own <see cref="TestStudent"/>, whose runs settle when the test says.
/// </summary>
public static class MediumFixtures
{
    private static readonly Lazy<SettledRuns> SharedRuns = new(() => new SettledRuns(NewLog(), TimeProvider.System));

    private static readonly Lazy<Task<FailureAnalysisResult>> LazyFailureAnalysis = new(() => FailureAnalysis().AnalyseAsync(ModelCatalog.MiniLmId));

    private static readonly Lazy<Task<IReadOnlyList<ScoredReview>>> LazyScoredTestSplit = new(() => Confidence().ScoreTestSplitAsync(ModelCatalog.MiniLmId, BookInputs.ConfidenceLabels));

    public static EmbeddingService Embeddings => SharedModel.Services.GetRequiredService<EmbeddingService>();

    public static Task<FailureAnalysisResult> FailureAnalysisResult => LazyFailureAnalysis.Value;

    /// <summary>All 1066 test reviews scored against Task 3's two label descriptions.</summary>
    public static Task<IReadOnlyList<ScoredReview>> ScoredTestSplit => LazyScoredTestSplit.Value;

    /// <summary>A student's part of a run log of its own, as the web app's recorder is.</summary>
    public static StudentRunLog NewLog()
    {
        var browser = new BrowserIdentity(TimeProvider.System);
        browser.Attach("medium-tests", classViewUntil: null);
        return new StudentRunLog(new RunLog(Path.Combine(TestFolders.Create("medium-log"), "runs.sqlite")), browser);
    }

    public static CustomLabelsRunner CustomLabels(TestStudent? student = null) => new(Embeddings, Runs(student), TimeProvider.System);

    public static LimitedDataRunner LimitedData(TestStudent? student = null) => new(SharedModel.Lab, Runs(student), TimeProvider.System);

    public static ConfidenceRunner Confidence(TestStudent? student = null) => new(SharedModel.Lab, Runs(student));

    public static FailureAnalysisRunner FailureAnalysis(TestStudent? student = null) => new(SharedModel.Lab, Runs(student), TimeProvider.System);

    private static SettledRuns Runs(TestStudent? student) => student?.Runs ?? SharedRuns.Value;
}
