using LabApp.Core;
using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace LabApp.Headless;

/// <summary><c>run llm</c>: estimate first, and send requests only when the student confirmed with <c>--yes</c>.</summary>
internal static class LlmCommand
{
    /// <summary>The run and its unparsed answers, or null when the run needs confirmation (the reason is on stderr).</summary>
    public static async Task<(ClassificationRun, IReadOnlyList<(int Index, string Text)>)?> RunAsync(
        IServiceProvider services, ExperimentSettings experiment, string? model, string? baseUrl, string? apiKey, string? prompt, bool confirmed,
        TextWriter error, CancellationToken cancellationToken)
    {
        var fromEnvironment = LlmSettings.FromEnvironment();
        var settings = fromEnvironment with
        {
            BaseUrl = baseUrl ?? fromEnvironment.BaseUrl,
            ApiKey = apiKey ?? fromEnvironment.ApiKey,
            Model = model ?? fromEnvironment.Model,
        };
        if (settings.Validate() is { } problem)
            throw new ArgumentException(problem);

        var lab = services.GetRequiredService<ClassificationLab>();
        var cache = new LlmAnswerCache(services.GetRequiredService<LabSettings>().LlmAnswerCachePath);
        var classifier = new LlmClassifier(settings, prompt is null ? PromptTemplate.Book : PromptTemplate.From(prompt), cache);
        var test = await lab.SampleAsync("test", experiment.TestSize, experiment.Seed, cancellationToken);
        var estimate = await classifier.EstimateAsync(test.Texts, cancellationToken);
        await error.WriteLineAsync(
            $"{estimate.Reviews} reviews: {estimate.CachedReviews} answered from the cache, {estimate.Requests} requests to {settings.BaseUrl} "
            + $"(about {estimate.PromptTokens} prompt tokens, ${estimate.CostDollars:F4} at the configured prices)");
        if (estimate.Requests > 0 && !confirmed)
        {
            await error.WriteLineAsync($"error: this run sends {estimate.Requests} requests to {settings.Model}; add --yes to run it.");
            return null;
        }

        var result = await classifier.RunAsync(estimate, new ConsoleProgress(error, "answers"), cancellationToken);
        var (run, unparsed) = LlmExperiment.Evaluate(test, result, settings.Model);
        return (run, unparsed.Select(u => (u.Index, u.Raw)).ToArray());
    }
}
