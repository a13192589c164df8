namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// The web app's one connection to a chat API, shared by every page and student: its settings come from configuration
/// (environment, user secrets) and can be changed on the /llm page. The key stays on the server: this type only
/// ever tells whether one is set.
/// </summary>
public sealed class LlmConnection(LlmSettings initial, LlmAnswerCache cache)
{
    private readonly object _gate = new();
    private LlmSettings _settings = initial;

    public string BaseUrl => Current.BaseUrl;

    public string Model => Current.Model;

    public bool HasKey => Current.ApiKey.Length > 0;

    public LlmAnswerCache Cache => cache;

    private LlmSettings Current
    {
        get
        {
            lock (_gate)
                return _settings;
        }
    }

    /// <summary>Changes endpoint and model, and the key when <paramref name="apiKey"/> is given; returns the problem, or null when applied.</summary>
    public string? Update(string baseUrl, string model, string? apiKey)
    {
        lock (_gate)
        {
            var next = _settings with { BaseUrl = baseUrl.Trim(), Model = model.Trim(), ApiKey = apiKey?.Trim() ?? _settings.ApiKey };
            if (next.Validate() is { } problem)
                return problem;
            _settings = next;
            return null;
        }
    }

    /// <summary>A classifier over the current settings and <paramref name="template"/>; its estimate and run go together.</summary>
    public LlmClassifier CreateClassifier(PromptTemplate template) => new(Current, template, cache);

    public override string ToString() => Current.ToString();
}
