namespace LabApp.Core.Hub;

/// <summary>
/// Where the hub is, the token to show it and where the local Hugging Face cache lives. <see cref="FromEnvironment"/>
/// reads the variables huggingface_hub reads, so a cache filled by Python is found here too.
/// </summary>
public sealed record HubOptions(Uri Endpoint, string CacheDirectory, string? Token = null)
{
    public static Uri DefaultEndpoint { get; } = new("https://huggingface.co");

    /// <summary>
    /// Reads <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> and the cache folder: <c>HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>,
    /// else <c>$XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c>.
    /// </summary>
    /// <param name="variable">Looks up one environment variable: <see cref="Environment.GetEnvironmentVariable(string)"/>, or a stand-in in tests.</param>
    public static HubOptions FromEnvironment(Func<string, string?> variable)
    {
        string? Read(string name) => variable(name)?.Trim() is { Length: > 0 } value ? value : null;

        var endpoint = Read("HF_ENDPOINT") is { } configured ? ParseEndpoint(configured) : DefaultEndpoint;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var hfHome = Read("HF_HOME") ?? Path.Combine(Read("XDG_CACHE_HOME") ?? Path.Combine(home, ".cache"), "huggingface");
        var cache = Read("HF_HUB_CACHE") ?? Path.Combine(hfHome, "hub");
        return new HubOptions(endpoint, cache, Read("HF_TOKEN"));
    }

    private static Uri ParseEndpoint(string configured) =>
        Uri.TryCreate(configured, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
            ? endpoint
            : throw new InvalidOperationException($"HF_ENDPOINT is '{configured}', which is not an http(s) URL: set it like {DefaultEndpoint} or unset it.");

    /// <summary>Says whether a token is set, never the token: options end up in logs.</summary>
    public override string ToString() =>
        $"HubOptions {{ Endpoint = {Endpoint}, CacheDirectory = {CacheDirectory}, Token = {(Token is null ? "none" : "set (hidden)")} }}";
}
