using System.Globalization;
using LabApp.Core.Data;

namespace LabApp.Core.Classifiers.Llm;

/// <summary>
/// Where and how to ask an OpenAI-compatible chat API. The defaults are the book's: OpenAI's own endpoint,
/// <c>gpt-3.5-turbo-0125</c> at temperature 0, and that model's prices. A local server (llama.cpp, Ollama, vLLM)
/// only needs another <see cref="BaseUrl"/>, its model name, and usually no key.
/// </summary>
public sealed record LlmSettings
{
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    /// <summary>The model the book's "ChatGPT as a classifier" example used.</summary>
    public const string BookModel = "gpt-3.5-turbo-0125";

    public const string BaseUrlVariable = "OPENAI_BASE_URL";

    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>The API root that <c>/chat/completions</c> is appended to, such as <c>http://127.0.0.1:8080/v1</c>.</summary>
    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Sent as a Bearer token; empty sends no Authorization header (local servers). Never printed: see <see cref="ToString"/>.</summary>
    public string ApiKey { get; init; } = "";

    public string Model { get; init; } = BookModel;

    /// <summary>0, as in the book, asks for the model's most likely answer, which is also what makes a cached answer stand for a re-run.</summary>
    public float Temperature { get; init; }

    public int MaxConcurrency { get; init; } = 4;

    /// <summary>How often a request that met 429 or a 5xx is sent again before the run stops.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first retry waits about this long, each further one twice as long (with jitter), unless the server sends Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Dollars per million prompt tokens; the default is the book model's price.</summary>
    public decimal InputDollarsPerMillionTokens { get; init; } = 0.50m;

    /// <summary>Dollars per million answer tokens; the default is the book model's price.</summary>
    public decimal OutputDollarsPerMillionTokens { get; init; } = 1.50m;

    /// <summary>The defaults, with <c>OPENAI_BASE_URL</c> and <c>OPENAI_API_KEY</c> taken from the environment when set.</summary>
    public static LlmSettings FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    internal static LlmSettings FromVariables(Func<string, string?> variable)
    {
        var baseUrl = variable(BaseUrlVariable);
        return new LlmSettings
        {
            BaseUrl = string.IsNullOrWhiteSpace(baseUrl) ? DefaultBaseUrl : baseUrl.Trim(),
            ApiKey = variable(ApiKeyVariable)?.Trim() ?? "",
        };
    }

    /// <summary>Checks the settings as a student types them; returns the problem, or null when they can be used.</summary>
    public string? Validate()
    {
        // Each of these goes into a request line or a header: a line break there would end it and start another.
        if (HasControlCharacter(BaseUrl))
            return $"The base URL holds a line break or another control character: give the API root alone, on one line, such as {DefaultBaseUrl}.";
        if (BaseUrl.Length > LongestBaseUrl)
            return $"The base URL is {BaseUrl.Length:N0} characters long: give the API root, a short address such as {DefaultBaseUrl} or http://127.0.0.1:8080/v1.";
        if (HasControlCharacter(ApiKey))
            return "The API key holds a line break or another control character: paste the key alone, on one line.";
        if (ApiKey.Length > LongestApiKey)
            return $"The API key is {ApiKey.Length:N0} characters long: paste the key alone (keys are under {LongestApiKey:N0} characters).";
        if (HasControlCharacter(Model))
            return $"The model name holds a line break or another control character: give the name alone, such as {BookModel}.";
        if (Model.Length > LongestModel)
            return $"The model name is {Model.Length:N0} characters long: give the name the server serves, such as {BookModel}.";
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"The base URL \"{EndpointText.Redact(BaseUrl)}\" is not an http(s) address: give the API root, such as {DefaultBaseUrl} or http://127.0.0.1:8080/v1 (set {BaseUrlVariable} or type it).";
        if (TypedText.IsBlank(Model))
            return $"The model name is empty: give the model the server serves, such as {BookModel}.";
        if (Temperature is < 0 or > 2 || float.IsNaN(Temperature))
            return $"The temperature is {Temperature.ToString(CultureInfo.InvariantCulture)}: give a value from 0 to 2 (0 for repeatable answers).";
        if (MaxConcurrency < 1)
            return $"The maximum concurrency is {MaxConcurrency}: allow at least 1 request at a time.";
        if (MaxRetries < 0)
            return $"The maximum number of retries is {MaxRetries}: give 0 or more.";
        if (RetryBaseDelay < TimeSpan.Zero)
            return $"The retry delay is {RetryBaseDelay}: give zero or a positive time.";
        if (InputDollarsPerMillionTokens < 0 || OutputDollarsPerMillionTokens < 0)
            return "A token price is negative: give prices of zero or more dollars per million tokens.";
        return null;
    }

    private const int LongestBaseUrl = 2000;

    private const int LongestApiKey = 1000;

    private const int LongestModel = 200;

    private static bool HasControlCharacter(string text) => text.Any(char.IsControl);

    /// <summary>Everything but the key, of which only whether it is set, and the base URL's password: the record's own ToString would print both.</summary>
    public override string ToString() =>
        $"LlmSettings {{ BaseUrl = {EndpointText.Redact(BaseUrl)}, ApiKey = {(ApiKey.Length == 0 ? "(none)" : "(set)")}, Model = {Model}, " +
        $"Temperature = {Temperature.ToString(CultureInfo.InvariantCulture)}, MaxConcurrency = {MaxConcurrency}, MaxRetries = {MaxRetries}, " +
        $"RetryBaseDelay = {RetryBaseDelay}, InputDollarsPerMillionTokens = {InputDollarsPerMillionTokens.ToString(CultureInfo.InvariantCulture)}, " +
        $"OutputDollarsPerMillionTokens = {OutputDollarsPerMillionTokens.ToString(CultureInfo.InvariantCulture)} }}";
}
