using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Data;

namespace LabApp.Core.Experiments;

/// <summary>
/// The chapter's LLM as a classifier: its answers over test reviews as a report. Answers that are neither "0" nor "1"
/// are kept out of the report and listed, never mapped to a class behind the student's back.
/// </summary>
public static class LlmExperiment
{
    public const string Method = "llm";

    /// <summary>The report over the parsed answers; <paramref name="test"/>'s rows align with the run's answers.</summary>
    /// <exception cref="InvalidDataException">No answer was 0 or 1: there is nothing to score.</exception>
    public static LlmRun Evaluate(ReviewSample test, LlmRunResult result, string model)
    {
        var predictions = new List<Prediction>();
        for (var i = 0; i < test.Indices.Count; i++)
        {
            if (result.Labels[i] is { } label)
                predictions.Add(new Prediction(test.Indices[i], test.Labels[i], label, label == 1 ? [0.0, 1.0] : [1.0, 0.0]));
        }

        var unparsed = result.Unparsed.Select(u => u with { Index = test.Indices[u.Index] }).ToArray();
        if (predictions.Count == 0 && unparsed.Length > 0)
            throw new InvalidDataException(
                $"None of the {unparsed.Length} answers was 0 or 1 (the first: \"{Shown(unparsed[0].Raw)}\"), so there is nothing to score: "
                + "check that the prompt asks for 0 or 1 alone and that the model follows it (try one review on the LLM page).");
        return new LlmRun(ClassificationRun.From(Method, model, ClassificationRun.SentimentNames, predictions), unparsed, test.Split);
    }

    // An answer as a message shows it: on one line, and short.
    private static string Shown(string raw)
    {
        var line = string.Join(' ', raw.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= 60 ? line : line[..60] + "…";
    }
}

/// <summary>The report over the parsed answers, the answers that were neither "0" nor "1" (by test row), and the split those rows index.</summary>
public sealed record LlmRun(ClassificationRun Run, IReadOnlyList<UnparsedAnswer> Unparsed, ReviewSplit Test);
