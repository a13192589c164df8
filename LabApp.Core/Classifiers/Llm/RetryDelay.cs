namespace LabApp.Core.Classifiers.Llm;

/// <summary>How long to wait before sending a request again after 429, a 5xx or a dropped connection.</summary>
internal static class RetryDelay
{
    /// <summary>No wait is longer, even when Retry-After asks for more: a run a student watches should fail clearly rather than hang.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The server's Retry-After when it sent one; otherwise exponential backoff with "equal jitter": retry
    /// <paramref name="retry"/> (0 for the first) waits between half and all of <c>baseDelay · 2^retry</c>, so
    /// requests that failed together do not come back together. <paramref name="jitter"/> is uniform in [0, 1).
    /// </summary>
    public static TimeSpan For(int retry, TimeSpan? retryAfter, TimeSpan baseDelay, double jitter)
    {
        if (retryAfter is { } asked)
            return asked < TimeSpan.Zero ? TimeSpan.Zero : Min(asked, Longest);
        var exponential = Min(baseDelay * Math.Pow(2, retry), Longest);
        return exponential * (0.5 + 0.5 * jitter);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
