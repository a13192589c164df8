using LabApp.Core.Classifiers.Llm;
using LabApp.Core.Experiments;
using LabApp.Core.Runners;

namespace LabApp.Services;

/// <summary>
/// /llm as the student's workbook keeps it: the endpoint (null: the lab's; a password in it is hidden), the model, the
/// prompt, the test subset and the review they try. Never a key: the one a student types lives only in
/// <see cref="StudentState.Llm"/>, for as long as their circuit.
/// </summary>
public sealed record LlmWork(string? Endpoint = null, string? Model = null, string? Prompt = null, int TestSize = 20, int Seed = 42, string? TryReview = null);

/// <summary>
/// /llm as one student left it (<c>?endpoint=…&amp;model=…&amp;test=20&amp;seed=42&amp;prompt=…</c>): the connection as typed
/// and as applied to their <see cref="LlmChoice"/>, the prompt, the test subset, and what the page last showed (an answer,
/// an estimate, a run).
/// </summary>
public sealed class LlmPageState(LlmChoice choice) : IPageState<LlmWork>
{
    /// <summary>A small default: every review is a request that may cost money.</summary>
    public const int DefaultTestSize = 20;

    public string Route => "/llm";

    /// <summary>The endpoint, model, prompt and the student's own key in use (the key only ever here, in memory).</summary>
    public LlmChoice Choice => choice;

    /// <summary>The base URL field as typed, applied with <see cref="Apply"/>.</summary>
    public string BaseUrl { get; set; } = choice.ShownBaseUrl;

    /// <summary>The model field as typed, applied with <see cref="Apply"/>.</summary>
    public string Model { get; set; } = choice.Model;

    public string? ConnectionProblem { get; private set; }

    public int TestSize { get; private set; } = DefaultTestSize;

    public string? TestSizeProblem { get; private set; }

    public int Seed { get; private set; } = 42;

    public string? SeedProblem { get; private set; }

    public string TryReview { get; set; } = "unpretentious , charming , quirky , original";

    public LlmAnswer? Answer { get; set; }

    /// <summary>What sending would cost, shown until the student sends or estimates again.</summary>
    public LlmRunEstimate? Estimate { get; set; }

    public LlmRun? Run { get; set; }

    public string? PromptProblem => PromptTemplate.Validate(choice.PromptText);

    /// <summary>Why nothing can be asked (no key where one is needed), or null.</summary>
    public string? MissingKey => choice.MissingKey;

    public string KeyHelp => choice.HasOwnKey
        ? "a key of yours is set: it stays in this tab's connection to the lab, is never stored, and is gone when you close or reload the tab"
        : choice.UsesServerEndpoint && choice.Server.HasKey
            ? "the lab's key is used on the lab's endpoint; type yours to use it instead"
            : "none: local servers may need none; type yours if the endpoint asks for one";

    public string KeyInUse => choice.HasOwnKey ? "with your key" : choice.SendsKey ? "with the lab's key" : "with no key";

    public LlmWork Work => new(Endpoint, choice.Model, choice.PromptText, TestSize, Seed, TryReview);

    // The address gets the endpoint without a password and never a key; the lab's own endpoint and model are left out.
    public IReadOnlyList<(string Name, object? Value)> Settings =>
        [("endpoint", Endpoint), ("model", choice.Model == choice.Server.Model ? null : choice.Model), ("test", TestSize), ("seed", Seed)];

    public IReadOnlyList<(string Name, object? Value)> Lists => [("prompt", choice.PromptText == PromptTemplate.Book.Text ? null : choice.PromptText)];

    private string? Endpoint => choice.UsesServerEndpoint ? null : choice.ShownBaseUrl;

    /// <summary>Applies the fields, with <paramref name="typedKey"/> as the student's own key when not empty; the key goes no further than the choice.</summary>
    public void Apply(string? typedKey)
    {
        ConnectionProblem = choice.Apply(BaseUrl, Model, typedKey);
        if (ConnectionProblem is null)
            (BaseUrl, Model) = (choice.ShownBaseUrl, choice.Model);
    }

    public void ForgetKey() => choice.ForgetKey();

    public void ChoosePrompt(string? text) => choice.PromptText = text ?? "";

    public void ChooseTestSize(int size) => (TestSize, TestSizeProblem) = (size, null);

    public void ChooseSeed(int seed) => (Seed, SeedProblem) = (seed, null);

    public void Read(UrlState url)
    {
        (TestSize, TestSizeProblem) = url.Int("test", TestSize, 1, TestSubset.TestReviews);
        (Seed, SeedProblem) = url.Int("seed", Seed, 0, int.MaxValue);
        if (url.Text("prompt") is { Length: > 0 } prompt)
            choice.PromptText = prompt;
        if (url.Carries("endpoint", "model"))
            Connect(url.Text("endpoint"), url.Text("model"));
    }

    public void Use(LlmWork work)
    {
        TestSize = work.TestSize is >= 1 and <= TestSubset.TestReviews ? work.TestSize : TestSize;
        Seed = work.Seed >= 0 ? work.Seed : Seed;
        (TestSizeProblem, SeedProblem) = (null, null);
        TryReview = work.TryReview ?? TryReview;
        if (work.Prompt is { Length: > 0 } prompt)
            choice.PromptText = prompt;
        Connect(work.Endpoint ?? choice.Server.ShownBaseUrl, work.Model);
    }

    // A saved or linked endpoint is applied as typed, with no key: a key typed for it earlier stays only while it is the same endpoint.
    private void Connect(string? endpoint, string? model)
    {
        ConnectionProblem = choice.Apply(endpoint ?? choice.ShownBaseUrl, model ?? choice.Model, typedKey: null);
        (BaseUrl, Model) = (choice.ShownBaseUrl, choice.Model);
    }
}
