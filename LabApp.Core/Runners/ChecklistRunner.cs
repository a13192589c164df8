using System.Text.Json;
using LabApp.Core.Classifiers;
using LabApp.Core.Experiments;
using LabApp.Core.Inference;
using LabApp.Core.Models;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>What a student runs the behavioural tests with: the embedding model and the suite as they edited it.</summary>
public sealed record ChecklistInputs(string ModelId, ChecklistSuite Suite)
{
    public static ChecklistInputs Default { get; } = new(ModelCatalog.MiniLmId, ChecklistSuite.Default);
}

/// <summary>
/// Runs a behavioural test suite against every classifier of the chapter that is present: logistic regression and the
/// class centroids trained on the whole train split, zero-shot with the book's label descriptions (all three on the
/// chosen embeddings), and the task-specific and generative models when their files are in <c>models/</c>. The
/// sentences are the student's, so they are embedded in memory only. Logs nothing: the same for every caller (a
/// singleton), as the class's board asks it about the class's own edge cases.
/// </summary>
public sealed class ChecklistEvaluator(ClassificationLab lab)
{
    /// <exception cref="ArgumentException">A suite <see cref="ChecklistExpansion.Check"/> rejects, or a model that is not an embedding model.</exception>
    public async Task<ChecklistEvaluation> EvaluateAsync(ChecklistInputs inputs, IProgress<RunStep>? progress = null, CancellationToken cancellationToken = default)
    {
        var card = ModelCatalog.Find(inputs.ModelId);
        if (card.Task != ModelTask.SentenceEmbedding)
            throw new ArgumentException($"{card.Id} is not a sentence-embedding model; use one of: {string.Join(", ", ModelCatalog.Embedders.Select(m => m.Id))}.");
        var tests = ChecklistExpansion.Expand(inputs.Suite);
        var texts = ChecklistExperiment.Texts(tests);

        await RunSteps.EmbedSplitAsync(lab, card, "train", progress, cancellationToken);
        progress?.Report(new RunStep($"Classifying {texts.Count} sentences"));
        var embedded = await lab.Embeddings.EmbedTextsAsync(card, texts, cancellationToken);
        var labels = await lab.Embeddings.EmbedTextsAsync(card, ZeroShotExperiment.BookLabels, cancellationToken);

        var verdicts = new List<(string Classifier, string ModelId, IReadOnlyList<ClassifierVerdict> Verdicts)>();
        var (regression, centroids) = await lab.TrainSplitClassifiersAsync(card.Id, cancellationToken);
        verdicts.Add((SupervisedExperiment.Method, card.Id, ChecklistExperiment.Verdicts(regression, embedded)));
        verdicts.Add((CentroidExperiment.Method, card.Id, ChecklistExperiment.Verdicts(centroids.Similarities(embedded), centroids.Classes)));
        verdicts.Add((ZeroShotExperiment.Method, card.Id, ChecklistExperiment.Verdicts(ZeroShotClassifier.Similarities(embedded, labels), [0, 1])));

        var absent = new List<string>();
        if (await lab.TryScoreTaskSpecificAsync(texts, cancellationToken) is { } scores)
            verdicts.Add((TaskSpecificExperiment.Method, SentimentModel.Card.Id, ChecklistExperiment.Verdicts(scores)));
        else
            absent.Add(Missing(TaskSpecificExperiment.Method, SentimentModel.Card));
        if (await lab.TryAnswerGenerativeAsync(texts, cancellationToken) is { } answers)
            verdicts.Add((GenerativeExperiment.Method, GenerativeClassifier.Card.Id, ChecklistExperiment.Verdicts(answers)));
        else
            absent.Add(Missing(GenerativeExperiment.Method, GenerativeClassifier.Card));

        var results = verdicts.Select(v => (v.Classifier, ChecklistExperiment.Evaluate(tests, v.Classifier, ByText(texts, v.Verdicts)))).ToArray();
        return new ChecklistEvaluation(ChecklistExperiment.Report(tests, results, absent), [.. verdicts.Select(v => (v.Classifier, v.ModelId))]);
    }

    private static Dictionary<string, ClassifierVerdict> ByText(IReadOnlyList<string> texts, IReadOnlyList<ClassifierVerdict> verdicts) =>
        texts.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => verdicts[p.i]);

    private static string Missing(string classifier, ModelCard card) =>
        $"{classifier}: {card.Id} is not in models/ (its page downloads it, or place its files in models/{card.Id}/), so it was not tested.";
}

/// <summary>A suite's report and the classifiers that ran it, each with the model it ran on.</summary>
public sealed record ChecklistEvaluation(ChecklistReport Report, IReadOnlyList<(string Classifier, string ModelId)> Classifiers);

/// <summary>
/// A student's behavioural tests: their suite, with the class's own edge cases (<see cref="ClassSuiteStore"/>) as one
/// more capability when the instructor added some, through <see cref="ChecklistEvaluator"/>; each finished run is one
/// run log row per classifier.
/// </summary>
public sealed class ChecklistRunner(ChecklistEvaluator evaluator, SettledRuns runs, TimeProvider time, ClassSuiteStore? classSuite = null)
{
    public const string Page = "checklist";

    /// <exception cref="ArgumentException">A suite <see cref="ChecklistExpansion.Check"/> rejects, or a model that is not an embedding model.</exception>
    public async Task<ChecklistReport> RunAsync(ChecklistInputs inputs, IProgress<RunStep>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        inputs = inputs with { Suite = ChecklistSuite.WithClassCases(inputs.Suite, ClassCases()) };
        var (report, classifiers) = await evaluator.EvaluateAsync(inputs, progress, cancellationToken);
        // A run the student replaced or left is not recorded.
        cancellationToken.ThrowIfCancellationRequested();
        var duration = time.GetElapsedTime(started);
        var suite = JsonSerializer.Serialize(inputs.Suite);
        var parameters = new ChecklistParameters(ModelCatalog.Find(inputs.ModelId).Id, inputs.Suite.Tests.Count, inputs.Suite.MaxCases, inputs.Suite.Seed);
        foreach (var (classifier, modelId) in classifiers)
        {
            var headline = new ChecklistHeadline(report.Tests.Where(t => t.Classifier == classifier).Sum(t => t.Total), report.FailureRate(classifier));
            _ = runs.Record(new FinishedRun(Page, classifier, modelId, parameters, MinimumFunctionalityScores(report, classifier), duration) { Headline = headline, Inputs = suite });
        }

        return report;
    }

    // The class's cases live in the workbooks' file: one taken from under the lab (damaged, deleted, locked) leaves them
    // out of this run, never the student's own tests; the page's saved mark already says the workbook store is in trouble.
    private IReadOnlyList<EdgeCase> ClassCases()
    {
        try
        {
            return classSuite?.Cases() ?? [];
        }
        catch (StorageException)
        {
            return [];
        }
    }

    // The run log's accuracy and F1 are over the labelled sentences, the MFT cases; INV and DIR have no true label.
    private static RunScores MinimumFunctionalityScores(ChecklistReport report, string classifier)
    {
        var cases = report.Tests.Where(t => t.Classifier == classifier && t.Type == ChecklistTestType.MFT).SelectMany(t => t.Cases).ToArray();
        return RunScores.Of(cases.Select(c => c.Expected == "positive" ? 1 : 0).ToArray(), cases.Select(c => c.Predicted == "positive" ? 1 : 0).ToArray());
    }
}
