using LabApp.Core;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabApp.Headless;

/// <summary><c>run llm</c>: estimate first, and send requests only when the student confirmed with <c>--yes</c>.</summary>
internal static class LlmCommand
{
    /// <summary>The run and its unparsed answers, or null when the run needs confirmation (the reason is on stderr).</summary>
    public static async Task<(ClassificationRun, IReadOnlyList<(int Index, string Text)>)?> RunAsync(
        IServiceProvider services, ExperimentSettings experiment, string? model, string? baseUrl, string? apiKey, string? prompt, bool confirmed,
        TextWriter error, CancellationToken cancellationToken)
    {
        // The web app's rule: OPENAI_API_KEY goes only to OPENAI_BASE_URL (or OpenAI); another --base-url gets --api-key or no key.
        var server = new LlmServerEndpoint(LlmSettings.FromEnvironment(), allowStudentEndpoints: true);
        var choice = new LlmChoice(server) { PromptText = prompt ?? PromptTemplate.Book.Text };
        if (choice.Apply(baseUrl ?? server.ShownBaseUrl, model ?? server.Model, apiKey) is { } problem)
            throw new ArgumentException(problem);

        var lab = services.GetRequiredService<ClassificationLab>();
        // The class's database, when the environment names one, holds the answers the web app's servers got: none is paid twice.
        var cache = HeadlessRunner.ClassDatabaseFromEnvironment() is { } shared
            ? new LlmAnswerCache(shared, services.GetService<ILogger<LlmAnswerCache>>())
            : new LlmAnswerCache(services.GetRequiredService<LabSettings>().LlmAnswerCachePath, services.GetService<ILogger<LlmAnswerCache>>());
        // Its warnings (a retry and how long it waits) are the command's notices on stderr: a long wait is never silent.
        var classifier = choice.CreateClassifier(cache, services.GetService<ILogger<LlmClassifier>>());
        var test = await lab.SampleAsync("test", experiment.TestSize, experiment.Seed, cancellationToken);
        var estimate = await classifier.EstimateAsync(test, cancellationToken);
        await error.WriteLineAsync(
            $"{estimate.Reviews} reviews: {estimate.CachedReviews} answered from the cache, {estimate.Requests} requests to {estimate.ShownBaseUrl} "
            + $"(about {estimate.PromptTokens} prompt tokens, ${estimate.CostDollars:F4} at the configured prices)");
        if (estimate.Requests > 0 && !confirmed)
        {
            await error.WriteLineAsync($"error: this run sends {estimate.Requests} requests to {choice.Model}; add --yes to run it.");
            return null;
        }

        var result = await classifier.RunAsync(estimate, new ConsoleProgress(error, "answers"), cancellationToken);
        var run = LlmExperiment.Evaluate(test, result, choice.Model);
        return (run.Run, run.Unparsed.Select(u => (u.Index, u.Raw)).ToArray());
    }
}
