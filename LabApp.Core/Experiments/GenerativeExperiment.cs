using LabApp.Core.Data;
using LabApp.Core.Inference;

namespace LabApp.Core.Experiments;

/// <summary>
/// Flan-T5 prompted as a classifier. The book maps "negative" to 0 and anything else to 1; the strict reading counts
/// answers that are neither word, so a student sees how much the lenient mapping hides.
/// </summary>
public static class GenerativeExperiment
{
    public const string Method = "generative";

    public static GenerativeRun Evaluate(ReviewSample test, IReadOnlyList<GeneratedAnswer> answers)
    {
        var predictions = answers.Select((a, i) => new Prediction(test.Indices[i], test.Labels[i], a.BookLabel, a.BookLabel == 1 ? [0.0, 1.0] : [1.0, 0.0])).ToArray();
        var run = ClassificationRun.From(Method, GenerativeClassifier.Card.Id, ClassificationRun.SentimentNames, predictions);
        var unparsed = answers.Select((a, i) => (a, i)).Where(p => p.a.IsUnparsed).Select(p => (test.Indices[p.i], p.a.Text)).ToArray();
        return new GenerativeRun(run, answers, unparsed);
    }
}

/// <summary>The report under the book's mapping, every raw answer, and the answers that were neither "positive" nor "negative".</summary>
public sealed record GenerativeRun(ClassificationRun Run, IReadOnlyList<GeneratedAnswer> Answers, IReadOnlyList<(int Index, string Text)> Unparsed);
