using LabApp.Core.Data;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;

namespace LabApp.Core.Runners;

/// <summary>The Flan-T5 page's work: the prompted model answers for each review of the seeded test subset, timed and recorded.</summary>
public sealed class GenerativeRunner(ClassificationLab lab, SettledRuns runs, TimeProvider time)
{
    public const string Page = "generative";

    /// <summary>Why <paramref name="prompt"/> cannot be used, or null: shown beside the prompt.</summary>
    public static string? PromptProblem(string? prompt) =>
        string.IsNullOrWhiteSpace(prompt) ? "Type a prompt: the model needs to be told what to answer."
        : prompt.Length > Data.TypedText.MaxCharacters ? $"The prompt has more than {Data.TypedText.MaxCharacters:N0} characters: shorten it."
        : null;

    public async Task<GenerativeResult> RunAsync(TestSubset subset, string prompt, IProgress<RunStep>? progress, CancellationToken cancellationToken)
    {
        if ((subset.Problem ?? PromptProblem(prompt)) is { } problem)
            throw new ArgumentException(problem);
        var test = await lab.Dataset.LoadAsync("test", cancellationToken: cancellationToken);
        var start = time.GetTimestamp();
        var answers = await lab.RunGenerativeAsync(subset.Settings, prompt, RunSteps.Counting(progress, "Generating answers", subset.Size ?? test.Count), cancellationToken);
        var duration = time.GetElapsedTime(start);
        cancellationToken.ThrowIfCancellationRequested();

        _ = runs.Record(FinishedRun.Of(Page, new GenerativeParameters(prompt, subset.Size, subset.Seed), answers.Run, duration));
        return new GenerativeResult(subset, prompt, test, answers, duration);
    }
}

/// <summary>The answers to one prompt over the subset, the test split they index, and the time they took.</summary>
public sealed record GenerativeResult(TestSubset Subset, string Prompt, ReviewSplit Test, GenerativeRun Answers, TimeSpan Duration);
