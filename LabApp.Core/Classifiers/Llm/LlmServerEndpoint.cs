namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// The instructor's chat endpoint, the same for every student and fixed at start-up: base URL, model and key from
/// <c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c> and the configuration. Its key goes only to its own base URL; a
/// student's <see cref="LlmChoice"/> never reads it for anything else, and nothing here shows it.
/// </summary>
public sealed class LlmServerEndpoint
{
    public const string AllowStudentEndpointsSetting = "Lab:AllowStudentEndpoints";

    public const string AllowStudentEndpointsVariable = "LAB_ALLOW_STUDENT_ENDPOINTS";

    private readonly string _normalizedBaseUrl;

    /// <param name="settings">The endpoint with its key; refused with the <see cref="LlmSettings.Validate"/> message when unusable.</param>
    /// <param name="allowStudentEndpoints">Whether a student may point the lab at another endpoint (with a key of their own, or none).</param>
    public LlmServerEndpoint(LlmSettings settings, bool allowStudentEndpoints)
    {
        if (settings.Validate() is { } problem)
            throw new ArgumentException(problem);
        Settings = settings;
        AllowStudentEndpoints = allowStudentEndpoints;
        _normalizedBaseUrl = Normalize(settings.BaseUrl)!;
    }

    /// <summary>The base URL as a page may show it: without a password.</summary>
    public string ShownBaseUrl => EndpointText.Redact(Settings.BaseUrl);

    public string Model => Settings.Model;

    public bool HasKey => Settings.ApiKey.Length > 0;

    public bool AllowStudentEndpoints { get; }

    /// <summary>With the key: only <see cref="LlmChoice"/> reads it, to ask this very endpoint.</summary>
    internal LlmSettings Settings { get; }

    /// <summary>
    /// <c>true</c> unless the setting says <c>false</c>; anything but <c>true</c>/<c>false</c> stops the start-up with a
    /// message, since guessing either way would be wrong for someone (a key exposed, or a class locked out).
    /// </summary>
    public static bool AllowsStudentEndpoints(string? setting) => setting?.Trim() switch
    {
        null or "" => true,
        var text when bool.TryParse(text, out var allow) => allow,
        var text => throw new ArgumentException(
            $"{AllowStudentEndpointsSetting} (or {AllowStudentEndpointsVariable}) is \"{text}\": set it to true (students may use their own endpoints) or false (only the lab's)."),
    };

    /// <summary>
    /// Whether <paramref name="baseUrl"/> is this endpoint: the same scheme, host, port, path (a trailing slash aside),
    /// user info and query, compared exactly; or the text this endpoint is shown as, so that applying the field unchanged
    /// keeps it. Anything else, however close, is another endpoint and never gets the key.
    /// </summary>
    public bool Is(string baseUrl) =>
        baseUrl.Trim() == ShownBaseUrl || Normalize(baseUrl) is { } normalized && normalized == _normalizedBaseUrl;

    public override string ToString() => $"{ShownBaseUrl}, model {Model}, {(HasKey ? "a key" : "no key")}";

    private static string? Normalize(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri))
            return null;
        // Uri lower-cases scheme and host, fills in the default port and resolves dot segments; the path keeps its case.
        return $"{uri.Scheme}://{uri.UserInfo}@{uri.Host}:{uri.Port}{uri.AbsolutePath.TrimEnd('/')}{uri.Query}";
    }
}
