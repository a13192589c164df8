namespace LabApp.Core.Hub;

/// <summary>
/// Whether this server can reach the hub, so that a page offers a download only when one can start: one HEAD to the
/// configured endpoint, answered within <see cref="Limit"/>, its answer shared by every student and kept for
/// <see cref="KeptFor"/>. Concurrent callers wait on the same look (a class opening a model page together sends one).
/// </summary>
public sealed class HubReachability(HubOptions options, TimeProvider time)
{
    /// <summary>How long the look may take: a hub that cannot answer a HEAD this fast will not deliver a model either.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    /// <summary>How long an answer stands before the next caller looks again.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    // No redirects and no token: any answer at all, even 404, says the host is there.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = Limit }) { Timeout = Limit };

    private readonly Lock _gate = new();
    private Task<bool>? _answer;
    private DateTimeOffset _askedAt;

    public Uri Endpoint => options.Endpoint;

    /// <summary>Whether the hub answered the last look (made now when none stands).</summary>
    public Task<bool> IsReachableAsync()
    {
        lock (_gate)
        {
            if (_answer is null || (_answer.IsCompleted && time.GetUtcNow() - _askedAt >= KeptFor))
                (_answer, _askedAt) = (LookAsync(options.Endpoint), time.GetUtcNow());
            return _answer;
        }
    }

    /// <summary>Looks again now (a student's <i>Check again</i>), unless a look is under way already.</summary>
    public Task<bool> CheckAgainAsync()
    {
        lock (_gate)
        {
            if (_answer is { IsCompleted: true })
                _answer = null;
        }

        return IsReachableAsync();
    }

    private static async Task<bool> LookAsync(Uri endpoint)
    {
        try
        {
            using var response = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, endpoint), HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
