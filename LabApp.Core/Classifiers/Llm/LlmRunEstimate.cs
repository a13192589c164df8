using LabApp.Core.Data;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// What a run would ask and cost, shown to the student before anything is sent. Only
/// <see cref="LlmClassifier.EstimateAsync"/> makes one, and <see cref="LlmClassifier.RunAsync"/> takes it as
/// the student's confirmation, so no run starts without its price having been seen. It keeps the very reviews it
/// priced and the classifier (settings and prompt) it priced them with, so a confirmed run sends exactly those.
/// </summary>
public sealed record LlmRunEstimate
{
    internal LlmRunEstimate(LlmClassifier classifier, ReviewSample sample, int cachedReviews, int requests, long promptTokens, decimal costDollars)
    {
        Classifier = classifier;
        Sample = sample;
        CachedReviews = cachedReviews;
        Requests = requests;
        PromptTokens = promptTokens;
        CostDollars = costDollars;
    }

    public int Reviews => Sample.Count;

    /// <summary>Reviews whose answer is already cached: they are neither sent nor paid for.</summary>
    public int CachedReviews { get; }

    /// <summary>Requests the run would send: one per distinct review without a cached answer, retries not counted.</summary>
    public int Requests { get; }

    /// <summary>The prompt tokens of those requests, counted with gpt-3.5-turbo's tokenizer (cl100k_base).</summary>
    public long PromptTokens { get; }

    /// <summary>One per request: the answer should be the single token "0" or "1".</summary>
    public long OutputTokens => Requests;

    /// <summary>Tokens times the prices per million in the classifier's settings.</summary>
    public decimal CostDollars { get; }

    public string Model => Classifier.Settings.Model;

    /// <summary>The endpoint the requests would go to, as it may be shown (no password).</summary>
    public string ShownBaseUrl => EndpointText.Redact(Classifier.Settings.BaseUrl);

    internal LlmClassifier Classifier { get; }

    /// <summary>The priced reviews: their rows in the split and their texts.</summary>
    internal ReviewSample Sample { get; }

    /// <summary>
    /// Why this estimate no longer stands for a run with <paramref name="settings"/>, <paramref name="template"/> over
    /// <paramref name="reviews"/> (what the student changed since), or null when it still does.
    /// </summary>
    internal string? ChangeSince(LlmSettings settings, PromptTemplate template, ReviewSample reviews)
    {
        var priced = Classifier.Settings;
        var changes = new List<string>();
        if (priced.BaseUrl != settings.BaseUrl)
            changes.Add("the endpoint");
        // Another endpoint brings its own key (or none): only a new key for the same endpoint is a change of its own.
        else if (priced.ApiKey != settings.ApiKey)
            changes.Add("the key");
        if (priced.Model != settings.Model)
            changes.Add("the model");
        if (Classifier.Template != template)
            changes.Add("the prompt");
        if (reviews.Count != Sample.Count)
            changes.Add($"the test size ({Sample.Count} reviews were estimated, {reviews.Count} are chosen now)");
        else if (!reviews.Indices.SequenceEqual(Sample.Indices) || reviews.Split.Name != Sample.Split.Name)
            changes.Add("the seed (other test reviews are chosen now)");
        return changes.Count == 0
            ? null
            : $"Nothing was sent: {string.Join(" and ", changes)} changed since the estimate. Estimate again to see what this run costs, then send it.";
    }
}
