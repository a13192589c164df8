using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LabApp.Core.Runners;

/// <summary>
/// The LLM page's work for one student over the real test split: one review asked, a test run estimated, and that
/// estimate sent exactly as priced, timed and handed to the run log like every other run (so sending the same run
/// again adds no row). One per circuit (scoped), like the run log it writes to; what it sends is the student's
/// <see cref="LlmChoice"/> as it stands when a call starts.
/// </summary>
public sealed class LlmRunner(ClassificationLab lab, LlmAnswerCache cache, SettledRuns runs, TimeProvider time, ILogger<LlmClassifier> logger)
{
    public const string Page = "llm";

    /// <summary>One review with the student's endpoint, model and prompt: a single request, or none when the answer is cached.</summary>
    public Task<LlmAnswer> AskAsync(LlmChoice choice, string review, CancellationToken cancellationToken = default) =>
        ClassifierFor(choice).ClassifyAsync(review, cancellationToken);

    /// <summary>What a run over <c>test.shuffle(seed).select(range(testSize))</c> would send and cost; nothing is sent.</summary>
    public async Task<LlmRunEstimate> EstimateAsync(LlmChoice choice, int testSize, ulong seed, CancellationToken cancellationToken = default)
    {
        var classifier = ClassifierFor(choice);
        var test = await lab.SampleAsync("test", testSize, seed, cancellationToken);
        return await classifier.EstimateAsync(test, cancellationToken);
    }

    /// <summary>
    /// Sends the reviews <paramref name="estimate"/> priced, when the student's choice, test size and seed still give
    /// exactly that run; otherwise sends nothing and throws <see cref="InvalidOperationException"/> with a message that
    /// says what changed and asks for a new estimate.
    /// </summary>
    public async Task<LlmRun> SendAsync(LlmRunEstimate estimate, LlmChoice choice, int testSize, ulong seed,
        IProgress<RunStep>? progress = null, CancellationToken cancellationToken = default)
    {
        var (settings, template) = (choice.Settings, PromptTemplate.From(choice.PromptText));
        var test = await lab.SampleAsync("test", testSize, seed, cancellationToken);
        if (estimate.ChangeSince(settings, template, test) is { } change)
            throw new InvalidOperationException(change);

        var started = time.GetTimestamp();
        var result = await estimate.Classifier.RunAsync(estimate, RunSteps.Counting(progress, "Asking the model", estimate.Reviews), cancellationToken);
        var run = LlmExperiment.Evaluate(estimate.Sample, result, settings.Model);
        _ = runs.Record(FinishedRun.Of(Page, ParametersOf(estimate, testSize, seed), run.Run, time.GetElapsedTime(started)));
        return run;
    }

    /// <summary>The run log's parameters: the model, the endpoint's host (never its password or a key), the prompt and the subset.</summary>
    private static LlmParameters ParametersOf(LlmRunEstimate estimate, int testSize, ulong seed)
    {
        var settings = estimate.Classifier.Settings;
        return new LlmParameters(settings.Model, EndpointText.HostOf(settings.BaseUrl) ?? "", estimate.Classifier.Template.Text, testSize, seed);
    }

    private LlmClassifier ClassifierFor(LlmChoice choice) => choice.CreateClassifier(cache, logger);
}
