using System.Globalization;
using LabApp.Core.Classifiers;
using LabApp.Core.Inference;

namespace LabApp.Core.Experiments;

/// <summary>
/// What a classifier said of one sentence: its label and how positive it finds it (logistic regression and the
/// task-specific model: the positive class's probability; centroid and zero-shot: the positive similarity minus the
/// negative one; the generative model: 1 for positive, 0 for negative).
/// </summary>
public sealed record ClassifierVerdict(int Predicted, double Positive);

/// <summary>
/// One case's outcome. <see cref="Expected"/> is, for an MFT, the template's label; for an INV, the original sentence's
/// prediction (the changed one must keep it); for a DIR, "≤" the original's positive score (appending a negative
/// phrase must not make the sentence more positive). <see cref="Predicted"/> is the changed sentence's label, or for a
/// DIR its positive score.
/// </summary>
public sealed record ChecklistCaseResult(string Text, string? Original, string Expected, string Predicted, bool Passed);

/// <summary>One test run against one classifier.</summary>
public sealed record ChecklistTestResult(string Capability, ChecklistTestType Type, string Classifier, IReadOnlyList<ChecklistCaseResult> Cases)
{
    public int Total => Cases.Count;

    public int Failed => Cases.Count(c => !c.Passed);

    public double FailureRate => Total == 0 ? 0 : Failed / (double)Total;
}

/// <summary>
/// A suite run against every classifier that is present: one result per test and classifier, in the suite's order,
/// and what could not run and why.
/// </summary>
public sealed record ChecklistReport(IReadOnlyList<string> Capabilities, IReadOnlyList<string> Classifiers, IReadOnlyList<ChecklistTestResult> Tests, IReadOnlyList<string> Absent)
{
    public ChecklistTestResult? At(string capability, string classifier) =>
        Tests.FirstOrDefault(t => t.Capability == capability && t.Classifier == classifier);

    /// <summary>A classifier's failure rate over all its cases.</summary>
    public double FailureRate(string classifier)
    {
        var tests = Tests.Where(t => t.Classifier == classifier).ToArray();
        var total = tests.Sum(t => t.Total);
        return total == 0 ? 0 : tests.Sum(t => t.Failed) / (double)total;
    }
}

/// <summary>The behavioural test suite: expanded cases judged by each classifier's verdicts, as CheckList judges them.</summary>
public static class ChecklistExperiment
{
    public const string Method = "checklist";

    /// <summary>Every sentence the suite needs classified, changed ones and their originals, each once.</summary>
    public static IReadOnlyList<string> Texts(IReadOnlyList<ExpandedTest> tests) =>
        tests.SelectMany(t => t.Cases).SelectMany(c => c.Original is null ? [c.Text] : new[] { c.Original, c.Text }).Distinct().ToArray();

    /// <summary>Each test judged on <paramref name="classifier"/>'s verdicts, <paramref name="verdicts"/> holding one per text of <see cref="Texts"/>.</summary>
    public static IReadOnlyList<ChecklistTestResult> Evaluate(IReadOnlyList<ExpandedTest> tests, string classifier, IReadOnlyDictionary<string, ClassifierVerdict> verdicts) =>
        tests.Select(t => new ChecklistTestResult(t.Test.Capability, t.Test.Type, classifier, t.Cases.Select(c => Judge(t.Test.Type, c, verdicts)).ToArray())).ToArray();

    /// <summary>The report of several classifiers' results over the same tests.</summary>
    public static ChecklistReport Report(IReadOnlyList<ExpandedTest> tests, IReadOnlyList<(string Classifier, IReadOnlyList<ChecklistTestResult> Results)> runs, IReadOnlyList<string> absent) =>
        new(tests.Select(t => t.Test.Capability).ToArray(), runs.Select(r => r.Classifier).ToArray(), runs.SelectMany(r => r.Results).ToArray(), absent);

    /// <summary>A logistic regression's verdicts: the most probable class, and the positive class's probability.</summary>
    public static IReadOnlyList<ClassifierVerdict> Verdicts(LogisticRegressionModel model, EmbeddingMatrix embeddings)
    {
        var positive = IndexOf(model.Classes, 1);
        return model.PredictProba(embeddings).Select(p =>
        {
            var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<double>(p);
            return new ClassifierVerdict(model.Classes[best], p[positive]);
        }).ToArray();
    }

    /// <summary>
    /// Verdicts from cosine similarities to one vector per class (centroids, label descriptions), class <c>classes[j]</c>
    /// for column j: the most similar class, and positive minus negative similarity.
    /// </summary>
    public static IReadOnlyList<ClassifierVerdict> Verdicts(SimilarityMatrix similarities, IReadOnlyList<int> classes)
    {
        var (negative, positive) = (IndexOf(classes, 0), IndexOf(classes, 1));
        return Enumerable.Range(0, similarities.Rows)
            .Select(i => new ClassifierVerdict(classes[similarities.ArgMax(i)], similarities[i, positive] - similarities[i, negative]))
            .ToArray();
    }

    /// <summary>The task-specific model's verdicts, as the book decides (neutral set aside).</summary>
    public static IReadOnlyList<ClassifierVerdict> Verdicts(IReadOnlyList<SentimentScores> scores) =>
        scores.Select(s => new ClassifierVerdict(s.BinaryLabel, s.Positive)).ToArray();

    /// <summary>The generative model's verdicts under the book's mapping; its only "score" is the label itself.</summary>
    public static IReadOnlyList<ClassifierVerdict> Verdicts(IReadOnlyList<GeneratedAnswer> answers) =>
        answers.Select(a => new ClassifierVerdict(a.BookLabel, a.BookLabel)).ToArray();

    private static ChecklistCaseResult Judge(ChecklistTestType type, ChecklistCase testCase, IReadOnlyDictionary<string, ClassifierVerdict> verdicts)
    {
        var verdict = verdicts[testCase.Text];
        switch (type)
        {
            case ChecklistTestType.MFT:
                return new(testCase.Text, null, ChecklistSuite.LabelName(testCase.Expected!.Value), ChecklistSuite.LabelName(verdict.Predicted), verdict.Predicted == testCase.Expected);
            case ChecklistTestType.INV:
                var before = verdicts[testCase.Original!];
                return new(testCase.Text, testCase.Original, ChecklistSuite.LabelName(before.Predicted), ChecklistSuite.LabelName(verdict.Predicted), verdict.Predicted == before.Predicted);
            default:
                var original = verdicts[testCase.Original!];
                return new(testCase.Text, testCase.Original, "≤ " + Score(original.Positive), Score(verdict.Positive), verdict.Positive <= original.Positive);
        }
    }

    private static string Score(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static int IndexOf(IReadOnlyList<int> classes, int label)
    {
        for (var i = 0; i < classes.Count; i++)
        {
            if (classes[i] == label)
                return i;
        }

        throw new ArgumentException($"The classifier has no class {label}: the behavioural tests need a negative (0) and a positive (1) class.");
    }
}
