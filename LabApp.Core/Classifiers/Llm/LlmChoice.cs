using Microsoft.Extensions.Logging;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// What one student chose on the LLM page: the endpoint, the model, the prompt and a key they typed. The web app keeps
/// one in each student's per-circuit state, so one student's choice never changes another's, and a typed key is gone
/// with the circuit: it is never logged, stored or shown (only <see cref="HasOwnKey"/> tells that there is one).
/// </summary>
/// <remarks>
/// Which key is sent: the student's own when they typed one (for the endpoint they typed it with), else the lab's
/// key when the endpoint is the lab's, else none. So the lab's key only ever reaches the lab's endpoint.
/// </remarks>
public sealed class LlmChoice(LlmServerEndpoint server)
{
    // One immutable snapshot, replaced whole: a run started from the page reads a consistent choice.
    private Snapshot _current = new(null, server.Model, "", PromptTemplate.Book.Text);

    public LlmServerEndpoint Server => server;

    /// <summary>Whether the lab's own endpoint is chosen (the default).</summary>
    public bool UsesServerEndpoint => _current.StudentBaseUrl is null;

    /// <summary>The chosen endpoint as it may be shown (no password).</summary>
    public string ShownBaseUrl => _current.StudentBaseUrl is { } own ? EndpointText.Redact(own) : server.ShownBaseUrl;

    public string Model => _current.Model;

    public bool HasOwnKey => _current.OwnKey.Length > 0;

    /// <summary>Whether requests carry a key at all: the student's own, or the lab's on the lab's endpoint.</summary>
    public bool SendsKey => Settings.ApiKey.Length > 0;

    /// <summary>
    /// Why nothing can be asked for want of a key, or null. OpenAI's own API answers every request without one with
    /// 401, so with no key configured for the lab and none typed a page does not offer to send; other servers (a local
    /// llama.cpp, Ollama, vLLM) usually need none.
    /// </summary>
    public string? MissingKey => SendsKey || !AsksForKey(Settings.BaseUrl)
        ? null
        : $"No API key: {new Uri(Settings.BaseUrl).Host} needs one, and none is configured for this lab ({LlmSettings.ApiKeyVariable}) or typed above.";

    /// <summary>The prompt template as the student last typed it (checked with <see cref="PromptTemplate.Validate"/> before use).</summary>
    public string PromptText
    {
        get => _current.PromptText;
        set => _current = _current with { PromptText = value };
    }

    /// <summary>The settings a request goes out with, the right key included: nothing outside the lab's core reads them.</summary>
    internal LlmSettings Settings => SettingsOf(_current);

    /// <summary>A classifier over the choice as it stands; throws <see cref="ArgumentException"/> with the prompt's problem when it has one.</summary>
    public LlmClassifier CreateClassifier(LlmAnswerCache cache, ILogger<LlmClassifier>? logger = null) =>
        new(Settings, PromptTemplate.From(PromptText), cache, logger);

    /// <summary>
    /// Chooses the endpoint and model, and the student's own key when <paramref name="typedKey"/> is not empty; returns
    /// the problem (nothing changes), or null when applied. A key typed earlier is kept while the endpoint stays and
    /// forgotten when it changes: a key typed for one server is never sent to another.
    /// </summary>
    public string? Apply(string baseUrl, string model, string? typedKey)
    {
        string? studentBaseUrl;
        if (baseUrl.Trim() == ShownBaseUrl)
            // The field as it was shown: a password it shows hidden stays what it was.
            studentBaseUrl = _current.StudentBaseUrl;
        else if (server.Is(baseUrl))
            studentBaseUrl = null;
        else if (!server.AllowStudentEndpoints)
            return $"This lab asks only its own endpoint, {server.ShownBaseUrl}: the instructor has turned other endpoints off " +
                   $"({LlmServerEndpoint.AllowStudentEndpointsSetting} is false). Keep the base URL; the model can still be changed.";
        else
            studentBaseUrl = baseUrl.Trim();
        var keepKey = studentBaseUrl == _current.StudentBaseUrl ? _current.OwnKey : "";
        var next = _current with
        {
            StudentBaseUrl = studentBaseUrl,
            // Another model on the lab's endpoint is allowed: the key still goes only where the instructor pointed it.
            Model = model.Trim(),
            OwnKey = string.IsNullOrWhiteSpace(typedKey) ? keepKey : typedKey.Trim(),
        };
        if (SettingsOf(next).Validate() is { } problem)
            return problem;
        _current = next;
        return null;
    }

    /// <summary>Forgets the student's own key: the lab's endpoint goes back to the lab's key, another endpoint to none.</summary>
    public void ForgetKey() => _current = _current with { OwnKey = "" };

    public override string ToString() =>
        $"{ShownBaseUrl}, model {Model}, {(HasOwnKey ? "the student's key" : UsesServerEndpoint && server.HasKey ? "the lab's key" : "no key")}";

    private static bool AsksForKey(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Host.Equals(new Uri(LlmSettings.DefaultBaseUrl).Host, StringComparison.OrdinalIgnoreCase);

    private LlmSettings SettingsOf(Snapshot choice) => choice.StudentBaseUrl is { } own
        ? server.Settings with { BaseUrl = own, Model = choice.Model, ApiKey = choice.OwnKey }
        : server.Settings with { Model = choice.Model, ApiKey = choice.OwnKey.Length > 0 ? choice.OwnKey : server.Settings.ApiKey };

    private sealed record Snapshot(string? StudentBaseUrl, string Model, string OwnKey, string PromptText)
    {
        // The record's own ToString would print the key.
        public override string ToString() => nameof(Snapshot);
    }
}
