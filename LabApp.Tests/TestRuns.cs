using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Tests;

/// <summary>Run log records as the lab's runners write them, for tests that fill a log by hand.</summary>
public static class TestRuns
{
    public static readonly DateTimeOffset Time = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    public static readonly RunScores Scores = new(0.8, 0.79, 0.78, 1066);

    /// <summary>A logistic regression (or, with <paramref name="method"/>, centroid) run of the supervised page.</summary>
    public static RunRecord Supervised(int? train = null, int? test = null, ulong seed = 42, string method = "supervised", RunScores? scores = null) =>
        new(0, Time, "supervised", method, ModelCatalog.MiniLmId, new SupervisedParameters(ModelCatalog.MiniLmId, train, test, seed), null, scores ?? Scores, TimeSpan.FromSeconds(1.5));

    /// <summary>A zero-shot run over the whole test split.</summary>
    public static RunRecord ZeroShot(params string[] labels) =>
        new(0, Time, "zero-shot", "zero-shot", ModelCatalog.MiniLmId, new ZeroShotParameters(ModelCatalog.MiniLmId, labels), null, Scores, TimeSpan.FromSeconds(1.5));

    /// <summary>A custom label set over a student's own reviews: nothing to score.</summary>
    public static RunRecord CustomLabels(params string[] labels) =>
        new(0, Time, "custom-labels", "zero-shot", ModelCatalog.MiniLmId, new CustomLabelsParameters(ModelCatalog.MiniLmId, labels),
            new CustomLabelsHeadline(8, 3, 0.042), null, TimeSpan.FromSeconds(0.5));

    /// <summary>A run of any kind, as the test gives it.</summary>
    public static RunRecord Of(string page, string method, RunParameters parameters, string model = ModelCatalog.MiniLmId) =>
        new(0, Time, page, method, model, parameters, null, Scores, TimeSpan.FromSeconds(1.5));
}
