namespace LabApp.Core.Hub;

/// <summary>
/// Where the hub is, the token to show it, where the local Hugging Face cache lives and how long to wait for the hub.
/// <see cref="FromEnvironment"/> reads the variables huggingface_hub reads, so a cache filled by Python is found here too.
/// </summary>
public sealed record HubOptions(Uri Endpoint, string CacheDirectory, string? Token = null)
{
    public static Uri DefaultEndpoint { get; } = new("https://huggingface.co");

    /// <summary>How long opening a connection to the hub or its CDN may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the hub may take to send the headers of its answer once asked.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a download may go without a single byte before it is given up (its bytes kept for a retry).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock the response and stall timeouts run on.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Reads <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> and the cache folder: <c>HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>,
    /// else <c>$XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c>.
    /// </summary>
    /// <param name="variable">Looks up one environment variable: <see cref="Environment.GetEnvironmentVariable(string)"/>, or a stand-in in tests.</param>
    /// <param name="commandLineEndpoint">The <c>--hub-endpoint</c> option, which takes precedence over <c>HF_ENDPOINT</c>.</param>
    /// <exception cref="HubException">The endpoint is not an absolute http(s) URL; the message names where it came from.</exception>
    public static HubOptions FromEnvironment(Func<string, string?> variable, string? commandLineEndpoint = null)
    {
        string? Read(string name) => variable(name)?.Trim() is { Length: > 0 } value ? value : null;

        var endpoint = commandLineEndpoint?.Trim() is { Length: > 0 } option ? ParseEndpoint(option, "--hub-endpoint")
            : Read("HF_ENDPOINT") is { } configured ? ParseEndpoint(configured, "HF_ENDPOINT")
            : DefaultEndpoint;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var hfHome = Read("HF_HOME") ?? Path.Combine(Read("XDG_CACHE_HOME") ?? Path.Combine(home, ".cache"), "huggingface");
        var cache = Read("HF_HUB_CACHE") ?? Path.Combine(hfHome, "hub");
        return new HubOptions(endpoint, cache, Read("HF_TOKEN"));
    }

    /// <summary>The endpoint when <paramref name="configured"/> is an absolute http(s) URL with a host, else a message naming <paramref name="source"/>.</summary>
    private static Uri ParseEndpoint(string configured, string source) =>
        configured.Any(char.IsControl) ? throw HubException.ControlCharacterInEndpoint(source, DefaultEndpoint)
        : Uri.TryCreate(configured, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https" && endpoint.Host.Length > 0
            ? endpoint
            : throw HubException.InvalidEndpoint(source, configured, DefaultEndpoint);

    /// <summary>Says whether a token is set, never the token: options end up in logs.</summary>
    public override string ToString() =>
        $"HubOptions {{ Endpoint = {Endpoint}, CacheDirectory = {CacheDirectory}, Token = {(Token is null ? "none" : "set (hidden)")} }}";
}
