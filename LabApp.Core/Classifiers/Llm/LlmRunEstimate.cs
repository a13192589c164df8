namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// What a run would ask and cost, shown to the student before anything is sent. Only
/// <see cref="LlmClassifier.EstimateAsync"/> makes one, and <see cref="LlmClassifier.RunAsync"/> takes it as
/// the student's confirmation, so no run starts without its price having been seen.
/// </summary>
public sealed record LlmRunEstimate
{
    internal LlmRunEstimate(LlmClassifier classifier, string[] reviews, int cachedReviews, int requests, long promptTokens, decimal costDollars)
    {
        Classifier = classifier;
        ReviewTexts = reviews;
        CachedReviews = cachedReviews;
        Requests = requests;
        PromptTokens = promptTokens;
        CostDollars = costDollars;
    }

    public int Reviews => ReviewTexts.Length;

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

    internal LlmClassifier Classifier { get; }

    internal string[] ReviewTexts { get; }
}
